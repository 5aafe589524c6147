import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { explainListings } from '../../db/explain.server';
import { get, ownerDb, respond, useToday } from '../setup/fixtures';
import { args, pages, world } from '../setup/listing-world';

useToday('2026-04-01');

/** A national catalogue around alpha: thousands of services sold to other areas, and other providers' orders. */
async function nationalAround(betaId: string, betaSchoolId: string, betaBuyerId: string) {
  const db = await ownerDb();
  const { rows } = await sql<{ id: string }>`select id from services where tenant_id <> ${betaId} limit 1`.execute(db);
  await sql`insert into services
            select (jsonb_populate_record(null::services, to_jsonb(s) || jsonb_build_object(
                      'tenant_id', ${betaId}::uuid, 'id', gen_random_uuid(), 'code', 'NAT-' || g,
                      'name', 'National service ' || g,
                      'sold_to', jsonb_build_object('authorities', jsonb_build_array(lpad((100 + g % 800)::text, 3, '0')))))).*
              from services s cross join generate_series(1, 4000) g where s.id = ${rows[0]!.id}`.execute(db);
  await sql`insert into orders (tenant_id, reference, organisation_id, placed_by_organisation_id, customer_class,
                                settlement_method, contact_name, contact_email, status, submitted_total_pence,
                                idempotency_key, submitted_by, accepted_on)
            select ${betaId}, 'BETA-ORD-' || lpad(g::text, 5, '0'), ${betaSchoolId}, ${betaSchoolId},
                   'own_maintained', 'recharge', 'Bursar', 'bursar@example.com', 'accepted', 150000, 'beta-' || g,
                   ${betaBuyerId}, '2025-09-01'
              from generate_series(1, 4000) g`.execute(db);
  await sql`analyze`.execute(db);
}

describe('the plans of the listing pages at scale', () => {
  it("reach the buyer's services through the offers index, reading no big table end to end", async () => {
    const w = await world(30);
    const db = await ownerDb();
    const { rows } = await sql<{ id: string; organisation_id: string }>`
      select t.id, c.organisation_id from tenants t join customer_accounts c on c.tenant_id = t.id
       where t.slug = 'beta'`.execute(db);
    const beta = rows[0]!;
    const betaBuyer = await sql<{ user_id: string }>`
      select user_id from organisation_memberships where organisation_id = ${beta.organisation_id}`.execute(db);
    await nationalAround(beta.id, beta.organisation_id, betaBuyer.rows[0]!.user_id);

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
    const listing = catalogue.statements.find((s) => /buyer_offers/.test(s.sql));
    expect(listing, 'the catalogue reads the buyer_offers').toBeDefined();
    expect(listing!.indexes, listing!.plan).toContain('catalogue_offers_by_audience');
    // The catalogue's pages read no big table end to end; the other lists' full scans are reported.
    const catalogueFamily = [
      "the buyer's catalogue",
      "the buyer's catalogue, searched",
      "a service page with the buyer's price",
    ];
    for (const plan of plans)
      for (const statement of plan.statements) {
        const scanned = statement.seqScans.filter((t) =>
          ['services', 'catalogue_offers', 'orders', 'order_lines'].includes(t),
        );
        if (!catalogueFamily.includes(plan.name)) {
          if (scanned.length > 0) console.log(`${plan.name} reads ${scanned.join(', ')} end to end: ${statement.sql}`);
          continue;
        }
        expect(
          statement.seqScans.filter((t) => ['services', 'catalogue_offers', 'orders', 'order_lines'].includes(t)),
          `${plan.name}: ${statement.sql}\n${statement.plan}`,
        ).toEqual([]);
      }
  }, 240_000);
});
