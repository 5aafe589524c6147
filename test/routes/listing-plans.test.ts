import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { explainListings } from '../../db/explain.server';
import { copyService, get, ownerDb, respond, useToday } from '../setup/fixtures';
import { args, pages, world } from '../setup/listing-world';

useToday('2026-04-01');

/**
 * A national catalogue around alpha (150 councils with 2,000 services sold to other areas, as
 * England's are, one in ten of them to any school in England, so alpha's buyer is offered 200 of
 * them), and other providers' orders.
 */
async function nationalAround(betaId: string, betaBuyerId: string) {
  const db = await ownerDb();
  const { rows: councils } = await sql<{ id: string }>`
    with councils as (
      insert into organisations (kind, name, la_code)
      select 'council', 'National council ' || g, (600 + g)::text from generate_series(1, 150) g
      returning id, name, la_code)
    insert into tenants (slug, name, organisation_id, la_code, address, postcode, invoice_prefix, contact_email,
                         reference_prefix)
    select 'national-' || c.la_code, c.name || ' services', c.id, c.la_code, '1 High Street', 'AB1 2CD', 'NAT',
           'traded@national.example', 'N' || chr(65 + (c.la_code::int - 600) / 26) || chr(65 + (c.la_code::int - 600) % 26)
      from councils c returning id`.execute(db);
  const { rows } = await sql<{ id: string }>`select id from services where tenant_id <> ${betaId} limit 1`.execute(db);
  await copyService(
    rows[0]!.id,
    1,
    2000,
    sql`jsonb_build_object(
          'tenant_id', (${`{${councils.map((c) => c.id).join(',')}}`}::uuid[])[1 + g % 150],
          'id', gen_random_uuid(), 'code', 'NAT-' || g,
          'name', 'National service ' || g,
          'sold_to', s.sold_to || jsonb_build_object('anySchool', g % 10 = 0,
                     'authorities', jsonb_build_array(lpad((100 + g % 800)::text, 3, '0'))))`,
  );
  // Beta's orders come from 400 buyers, as a national provider's do (a buyer's own orders are few).
  const { rows: buyers } = await sql<{ id: string }>`
    insert into organisations (kind, name, trust_key)
    select 'trust', 'National trust ' || g, 'national-' || g from generate_series(1, 400) g returning id`.execute(db);
  await sql`insert into customer_accounts (tenant_id, organisation_id, customer_class, settlement_method)
            select ${betaId}, b.id, 'academy', 'invoice'
              from unnest(${`{${buyers.map((b) => b.id).join(',')}}`}::uuid[]) b(id)`.execute(db);
  await sql`insert into orders (tenant_id, reference, organisation_id, placed_by_organisation_id, customer_class,
                                settlement_method, contact_name, contact_email, status, submitted_total_pence,
                                idempotency_key, submitted_by, accepted_on)
            select ${betaId}, 'BETA-ORD-' || lpad(g::text, 5, '0'), b.ids[1 + g % 400], b.ids[1 + g % 400],
                   'academy', 'invoice', 'Bursar', 'bursar@example.com', 'accepted', 150000, 'beta-' || g,
                   ${betaBuyerId}, '2025-09-01'
              from generate_series(1, 4000) g, (select ${`{${buyers.map((b) => b.id).join(',')}}`}::uuid[] as ids) b`.execute(
    db,
  );
  await sql`analyze`.execute(db);
}

describe('the plans of the listing pages at scale', () => {
  it("reach the buyer's services through the offers index, and no listing reads a big table end to end", async () => {
    const w = await world(30);
    const db = await ownerDb();
    const { rows } = await sql<{ id: string; organisation_id: string }>`
      select t.id, c.organisation_id from tenants t join customer_accounts c on c.tenant_id = t.id
       where t.slug = 'beta'`.execute(db);
    const beta = rows[0]!;
    const betaBuyer = await sql<{ user_id: string }>`
      select user_id from organisation_memberships where organisation_id = ${beta.organisation_id}`.execute(db);
    await nationalAround(beta.id, betaBuyer.rows[0]!.user_id);

    const plans = await explainListings(
      db,
      pages(w).map((page) => ({
        name: page.name,
        run: async () => {
          const answer = await respond(() => page.loader(args(get(page.path, page.browser), page.params)));
          expect(answer.status, page.name).toBe(200);
        },
      })),
    );
    const catalogue = plans.find((p) => p.name === "the buyer's catalogue")!;
    const listing = catalogue.statements.find((s) => /acting_buyer_offers\(\)/.test(s.sql));
    expect(listing, "the catalogue reads the acting buyer's offers").toBeDefined();
    // The offers themselves, as the function reads them (as its owner, for the buyer acting): an
    // index range of catalogue_offers per audience of the buyer's, not the national catalogue.
    const offers = await db.transaction().execute(async (tx) => {
      await sql`select set_config('app.organisation_id', ${w.alpha.schoolOrganisationId}, true)`.execute(tx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`
        explain select o.tenant_id, o.service_id from buyer_offers(app_organisation_id()) o`.execute(tx);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(offers).toContain('catalogue_offers_by_audience');
    expect(offers).not.toContain('Seq Scan on catalogue_offers');
    // The work list has its reads (the lines, and where each stands) planned for any values
    // (readTogether's genericPlans), once per connection: those are the plans explained, and
    // checked below.
    const work = plans
      .find((p) => p.name === "the practitioner's work")!
      .statements.filter((read) => /from "order_lines"/.test(read.sql));
    expect(work.map((read) => read.generic)).toEqual([true, true]);
    // No listing page reads the catalogue or the orders end to end (4,000 of beta's around alpha's
    // 30). The world has only its own 30 order lines, too few for a plan starting from them to shun
    // a scan (of the lines, or of the orders their policy looks up): those reads are reported.
    for (const plan of plans)
      for (const statement of plan.statements) {
        const fromLines = /from "order_lines"/.test(statement.sql);
        const big = fromLines ? ['services', 'catalogue_offers'] : ['services', 'catalogue_offers', 'orders'];
        expect(
          statement.seqScans.filter((t) => big.includes(t)),
          `${plan.name}: ${statement.sql}\n${statement.plan}`,
        ).toEqual([]);
        if (fromLines && statement.seqScans.length > 0)
          console.log(`${plan.name} reads ${statement.seqScans.join(', ')} end to end: ${statement.sql}`);
      }
  }, 240_000);
});
