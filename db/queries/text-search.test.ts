import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ownerDb } from '../../test/setup/fixtures';
import { containsIgnoringCase, containsLowerCased, likeContaining } from './text-search';

// The catalogue's and the customer list's searches say "contains, whatever the case" without ILIKE
// (which lower-cases its pattern again for every row). They must answer as ILIKE would.

const texts = [
  'Educational Psychology',
  'SAFEGUARDING training for governors',
  'École maternelle: ÉVALUATION',
  'İstanbul exchange',
  'Straße and STRASSE',
  '100% attendance_push\\back',
];
const searches = [
  'psych',
  'Safeguarding',
  'GOVERNORS',
  'éval',
  'ÉCOLE',
  'i̇stanbul',
  'istanbul',
  'straße',
  '100%',
  '%',
  '_',
  'e_p',
  'n_e',
  '\\',
  'h\\b',
];

describe('containing a text, ignoring case', () => {
  it('matches exactly what ILIKE matches, wildcards in the search taken literally', async () => {
    const db = await ownerDb();
    await sql`create table searched (body text, lowered text generated always as (lower(body)) stored)`.execute(db);
    for (const text of texts) await sql`insert into searched values (${text})`.execute(db);
    for (const search of searches) {
      const escaped = likeContaining(search);
      const { rows: byIlike } = await sql<{
        body: string;
      }>`select body from searched where body ilike ${escaped} order by body`.execute(db);
      const byHelper = await db
        .selectFrom(sql<{ body: string }>`searched`.as('searched'))
        .select('body')
        .where(containsIgnoringCase('body', search))
        .orderBy('body')
        .execute();
      expect(byHelper, search).toEqual(byIlike);
      const byLowered = await db
        .selectFrom(sql<{ body: string; lowered: string }>`searched`.as('searched'))
        .select('body')
        .where(containsLowerCased('lowered', search))
        .orderBy('body')
        .execute();
      expect(byLowered, `${search} in a column written lower-case`).toEqual(byIlike);
    }
    const matches = async (search: string) =>
      (
        await db
          .selectFrom(sql<{ body: string }>`searched`.as('searched'))
          .select('body')
          .where(containsIgnoringCase('body', search))
          .execute()
      ).map((r) => r.body);
    expect(await matches('psych')).toEqual(['Educational Psychology']);
    expect(await matches('éval')).toEqual(['École maternelle: ÉVALUATION']);
    expect(await matches('%')).toEqual(['100% attendance_push\\back']);
    expect(await matches('n_e')).toEqual([]); // "nce" would match n_e as a pattern
  });
});
