import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { ownerDb, twoTenants, type TestTenant } from '../test/setup/fixtures';
import type { Db } from './client.server';
import { runScoped } from './scope.server';

// The database holds the core entitlement, not only the app: a visit never draws more funded days
// than the school's current category gives, a category or placement never leaves a school having
// drawn more than it is entitled to, and a visit is never edited or deleted, only voided once.

const SCHOOL = 900001;
const YEAR = 2026;

let db: Db;
let alpha: TestTenant;
let categories: Record<'intensive' | 'targeted' | 'universal', string>;

const asAlpha = <T>(work: Parameters<typeof runScoped<T>>[2]) =>
  runScoped(db, { tenantId: alpha.id, userId: alpha.adminId }, work);

const insertVisit = (day: number | string, funded: number, traded = 0, days = funded + traded) =>
  asAlpha((tx) =>
    tx
      .insertInto('improvement_visits')
      .values({
        tenant_id: alpha.id,
        urn: SCHOOL,
        academic_year: YEAR,
        visited_on: typeof day === 'string' ? day : `2026-02-${String(day).padStart(2, '0')}`,
        visit_type: 'monitoring_visit',
        practitioner_id: alpha.adminId,
        days_hundredths: days,
        funded_hundredths: funded,
        traded_hundredths: traded,
        recorded_by: alpha.adminId,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );

const place = (level: keyof typeof categories, supersedes: string | null = null) =>
  asAlpha((tx) =>
    tx
      .insertInto('support_placements')
      .values({
        tenant_id: alpha.id,
        urn: SCHOOL,
        academic_year: YEAR,
        category_id: categories[level],
        reason: 'Test',
        decided_by: alpha.adminId,
        supersedes,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );

beforeEach(async () => {
  ({ alpha } = await twoTenants());
  db = await ownerDb();
  const rows = await db
    .insertInto('support_categories')
    .values(
      (
        [
          ['intensive', 1, 10],
          ['targeted', 2, 5],
          ['universal', 3, 1],
        ] as const
      ).map(([level, position, days]) => ({ tenant_id: alpha.id, level, position, name: level, funded_days: days })),
    )
    .returning(['id', 'level'])
    .execute();
  categories = Object.fromEntries(rows.map((r) => [r.level, r.id])) as typeof categories;
});

describe('improvement visits in the database', () => {
  it('refuses funded days beyond the current category, and any funded day without a placement', async () => {
    await expect(insertVisit(2, 50)).rejects.toThrow(/core entitlement/);
    await insertVisit(2, 0, 100); // all traded: no category needed
    const first = await place('universal');
    await insertVisit(3, 50);
    await insertVisit(4, 50);
    await expect(insertVisit(5, 1)).rejects.toThrow(/core entitlement/);
    await place('targeted', first.id);
    await insertVisit(5, 100);
    await expect(insertVisit(6, 50, 40, 100)).rejects.toThrow(/improvement_visits_split/);
    await expect(insertVisit(7, 0, 150)).rejects.toThrow(/days_hundredths/);
    await expect(insertVisit('2026-09-01', 0, 50)).rejects.toThrow(/improvement_visits_in_year/);
  });

  it('never lets two visits take the last funded day', async () => {
    await place('universal');
    await insertVisit(2, 50);
    const results = await Promise.allSettled([insertVisit(3, 50), insertVisit(4, 50)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const { rows } = await sql<{ n: number }>`select sum(funded_hundredths)::int as n from improvement_visits`.execute(
      db,
    );
    expect(rows[0]!.n).toBe(100);
  });

  it('never edits or deletes a visit: it is voided once, with a reason, freeing its days', async () => {
    await place('universal');
    const { id } = await insertVisit(2, 100);
    await expect(
      asAlpha((tx) =>
        tx
          .updateTable('improvement_visits')
          .set({ voided_at: new Date(), voided_by: alpha.adminId })
          .where('id', '=', id)
          .execute(),
      ),
    ).rejects.toThrow();
    await expect(asAlpha((tx) => tx.deleteFrom('improvement_visits').where('id', '=', id).execute())).rejects.toThrow();
    // Only the void columns are granted; the owner itself is refused a change by the trigger.
    await expect(sql`update improvement_visits set note = 'edited' where id = ${id}`.execute(db)).rejects.toThrow(
      /void it/,
    );
    await asAlpha((tx) =>
      tx
        .updateTable('improvement_visits')
        .set({ voided_at: new Date(), voided_by: alpha.adminId, void_reason: 'Wrong school' })
        .where('id', '=', id)
        .execute(),
    );
    await expect(
      sql`update improvement_visits set void_reason = 'Changed my mind' where id = ${id}`.execute(db),
    ).rejects.toThrow(/voided visit never changes/);
    await insertVisit(3, 100); // the voided day is free again
  });

  it('refuses a category’s days or a new placement below what a school has drawn', async () => {
    const first = await place('targeted');
    await insertVisit(2, 100);
    await insertVisit(3, 100);
    await expect(
      asAlpha((tx) =>
        tx.updateTable('support_categories').set({ funded_days: 1 }).where('id', '=', categories.targeted).execute(),
      ),
    ).rejects.toThrow(/already drawn/);
    await asAlpha((tx) =>
      tx.updateTable('support_categories').set({ funded_days: 2 }).where('id', '=', categories.targeted).execute(),
    );
    await expect(place('universal', first.id)).rejects.toThrow(/already drawn/);
    await place('intensive', first.id);
  });
});
