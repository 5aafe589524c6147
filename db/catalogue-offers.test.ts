import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ownerDb, resetDatabase } from '../test/setup/fixtures';
import { runScoped } from './scope.server';
import { seedDemo } from './seed';

beforeAll(async () => {
  await resetDatabase();
  await seedDemo(await ownerDb());
}, 300_000);

/**
 * Migration 0002's rule, word for word (a temporary function, as it ran before catalogue_offers),
 * and what it allowed: every organisation and published service, one call per row.
 */
const ORIGINAL_FUNCTION = sql`
  create function pg_temp.original_buyer_may_see(p_tenant uuid, p_sold_to jsonb, p_org uuid) returns boolean
     language sql stable as $$
     select exists (
       select 1
       from organisations o
       join tenants t on t.id = p_tenant
       left join schools s on s.urn = o.urn
       where (o.id = p_org or o.trust_id = p_org)
         and (
           (o.kind = 'school' and (
               (coalesce((p_sold_to->>'ownArea')::boolean, false) and s.la_code = t.la_code)
            or coalesce(p_sold_to->'authorities', '[]'::jsonb) ? s.la_code
            or coalesce((p_sold_to->>'anySchool')::boolean, false)))
           or (o.kind = 'council' and coalesce((p_sold_to->>'partnerCouncils')::boolean, false)
               and exists (select 1 from customer_accounts c
                           where c.tenant_id = p_tenant and c.organisation_id = o.id
                             and c.customer_class = 'partner_council'))
         )
     ) $$`;

const ORIGINAL_RULE = sql`
  select b.id as org, sv.tenant_id, sv.id as service_id
    from buyers b cross join services sv
   where sv.status = 'published' and pg_temp.original_buyer_may_see(sv.tenant_id, sv.sold_to, b.id)`;

const OFFERED = sql`
  select b.id as org, o.tenant_id, o.service_id
    from buyers b cross join lateral buyer_offers(b.id) o`;

/**
 * Every kind of buyer in the demo: each trust and council, and each school some provider holds an
 * account for (a school without one differs from them only in its area, which they cover).
 */
const BUYERS = sql`
  select o.id, o.kind from organisations o
   where o.kind <> 'school' or exists (select 1 from customer_accounts c where c.organisation_id = o.id)`;

describe("the catalogue's offers", () => {
  it('agree with the original rule for every organisation and every service in the demo', async () => {
    const db = await ownerDb();
    // One connection for the temporary function and the comparison (rolled back: nothing is kept).
    const rows = await db.transaction().execute(async (tx) => {
      await ORIGINAL_FUNCTION.execute(tx);
      const compared = await sql<{ missing: number; extra: number; pairs: number; kinds: string[] }>`
      with buyers as (${BUYERS}), original as (${ORIGINAL_RULE}), offered as (${OFFERED})
      select (select count(*) from (select * from original except select * from offered) d)::int as missing,
             (select count(*) from (select * from offered except select * from original) d)::int as extra,
             (select count(*) from original)::int as pairs,
             (select array_agg(distinct o.kind order by o.kind) from original join organisations o on o.id = original.org) as kinds
    `.execute(tx);
      await sql`drop function pg_temp.original_buyer_may_see(uuid, jsonb, uuid)`.execute(tx);
      return compared.rows;
    });
    expect(rows[0]).toEqual({ missing: 0, extra: 0, pairs: expect.any(Number), kinds: ['council', 'school', 'trust'] });
    expect(rows[0]!.pairs).toBeGreaterThan(500);

    // buyer_may_see (the rule other functions call) is the same meeting of the two halves.
    // Each buyer's offers are read once, not once for every service.
    const disagree = await sql<{ n: number }>`
      with buyers as (${BUYERS}), offered as (${OFFERED})
      select count(*)::int as n from buyers b cross join services sv
       where sv.status = 'published'
         and buyer_may_see(sv.tenant_id, sv.sold_to, b.id)
             <> exists (select 1 from offered o where o.org = b.id and o.tenant_id = sv.tenant_id and o.service_id = sv.id)`.execute(
      db,
    );
    expect(disagree.rows[0]!.n).toBe(0);
  }, 120_000);

  it('are what a buyer sees through row-level security, and a buyer can write none', async () => {
    const db = await ownerDb();
    const { rows: buyers } = await sql<{ id: string; kind: string; offered: number }>`
      select distinct on (b.kind) b.id, b.kind, (select count(*) from buyer_offers(b.id))::int as offered
        from organisations b where exists (select 1 from buyer_offers(b.id))
       order by b.kind, b.name`.execute(db);
    expect(buyers.map((b) => b.kind)).toEqual(['council', 'school', 'trust']);
    for (const buyer of buyers) {
      const seen = await runScoped(db, { organisationId: buyer.id }, async (tx) => ({
        services: Number((await sql<{ n: string }>`select count(*) as n from services`.execute(tx)).rows[0]!.n),
        offers: Number(
          (
            await sql<{ n: string }>`select count(distinct (tenant_id, service_id)) as n from catalogue_offers`.execute(
              tx,
            )
          ).rows[0]!.n,
        ),
      }));
      expect(seen, buyer.kind).toEqual({ services: buyer.offered, offers: buyer.offered });
      // The policies' own set, read as the function's owner: the acting buyer's offers exactly.
      const acting = await runScoped(db, { organisationId: buyer.id }, async (tx) => ({
        n: Number((await sql<{ n: string }>`select count(*) as n from acting_buyer_offers()`.execute(tx)).rows[0]!.n),
        notOffered: Number(
          (
            await sql<{ n: string }>`select count(*) as n from acting_buyer_offers() a
              where (a.tenant_id, a.service_id) not in (select o.tenant_id, o.service_id from buyer_offers(${buyer.id}::uuid) o)`.execute(
              tx,
            )
          ).rows[0]!.n,
        ),
      }));
      expect(acting, buyer.kind).toEqual({ n: buyer.offered, notOffered: 0 });
      const refused = await runScoped(db, { organisationId: buyer.id }, (tx) =>
        sql`delete from catalogue_offers`.execute(tx),
      ).then(
        () => null,
        (e: unknown) => (e as { code?: string }).code,
      );
      expect(refused).toBe('42501');
    }
  });

  it("are no one's when no buyer is acting (a provider, or nobody signed in)", async () => {
    const db = await ownerDb();
    const { rows } = await sql<{ id: string }>`select id from tenants where slug = 'southampton'`.execute(db);
    for (const scope of [{ tenantId: rows[0]!.id }, {}]) {
      const n = await runScoped(db, scope, async (tx) =>
        Number((await sql<{ n: string }>`select count(*) as n from acting_buyer_offers()`.execute(tx)).rows[0]!.n),
      );
      expect(n, JSON.stringify(scope)).toBe(0);
    }
  });

  it("follow a provider's own writes: sold to, status and the provider's area", async () => {
    const db = await ownerDb();
    const { rows } = await sql<{ tenant_id: string; id: string }>`
      select s.tenant_id, s.id from services s join tenants t on t.id = s.tenant_id
       where t.slug = 'southampton' and s.status = 'published' order by s.code limit 1`.execute(db);
    const { tenant_id: tenantId, id } = rows[0]!;
    const offers = async () =>
      (
        await sql<{ audience: string; la_code: string }>`
          select audience, la_code from catalogue_offers where tenant_id = ${tenantId} and service_id = ${id}
           order by audience, la_code`.execute(db)
      ).rows;
    const write = (change: ReturnType<typeof sql>) =>
      runScoped(db, { tenantId }, (tx) =>
        sql`update services set ${change} where tenant_id = ${tenantId} and id = ${id}`.execute(tx),
      );

    await write(sql`sold_to = '{"ownArea": true, "authorities": ["921"], "partnerCouncils": true}'`);
    expect(await offers()).toEqual([
      { audience: 'partner_council', la_code: '' },
      { audience: 'school_in_area', la_code: '852' },
      { audience: 'school_in_area', la_code: '921' },
    ]);
    await write(sql`sold_to = '{"anySchool": true}'`);
    expect(await offers()).toEqual([{ audience: 'any_school', la_code: '' }]);
    await write(sql`status = 'retired'`);
    expect(await offers()).toEqual([]);
    await write(sql`status = 'published', sold_to = '{"ownArea": true}'`);
    expect(await offers()).toEqual([{ audience: 'school_in_area', la_code: '852' }]);

    // The runtime role cannot write offers itself, even for its own services.
    const refused = await runScoped(db, { tenantId }, (tx) =>
      sql`insert into catalogue_offers (tenant_id, service_id, audience) values (${tenantId}, ${id}, 'any_school')`.execute(
        tx,
      ),
    ).then(
      () => null,
      (e: unknown) => (e as { code?: string }).code,
    );
    expect(refused).toBe('42501');

    await sql`update tenants set la_code = '851' where id = ${tenantId}`.execute(db);
    expect(await offers()).toEqual([{ audience: 'school_in_area', la_code: '851' }]);
    await sql`update tenants set la_code = '852' where id = ${tenantId}`.execute(db);
    expect(await offers()).toEqual([{ audience: 'school_in_area', la_code: '852' }]);
  });
});
