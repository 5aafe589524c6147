import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { countSchools } from '../../db/queries/schools';
import { ownerDb, resetDatabase } from '../../test/setup/fixtures';
import { importSchools } from './import-schools.server';

const sample = readFileSync(new URL('../../tenants/schools-5la.csv', import.meta.url));

beforeEach(resetDatabase);

describe('importing schools', () => {
  it('loads every school with an organisation for each school and trust; a rerun changes nothing', async () => {
    const db = await ownerDb();
    const first = await importSchools(db, sample);
    expect(first).toMatchObject({ ok: true, total: 389, inserted: 389, updated: 0, unchanged: 0 });
    const orgs = await sql<{
      kind: string;
      n: number;
    }>`select kind, count(*)::int as n from organisations group by kind order by kind`.execute(db);
    expect(orgs.rows.find((r) => r.kind === 'school')?.n).toBe(389);
    expect(orgs.rows.find((r) => r.kind === 'trust')?.n).toBeGreaterThan(10);
    const oasis = await sql<{ trust: string }>`
      select t.name as trust from organisations s join organisations t on t.id = s.trust_id where s.urn = 135628`.execute(
      db,
    );
    expect(oasis.rows[0]?.trust).toBe('OASIS COMMUNITY LEARNING');

    const again = await importSchools(db, sample);
    expect(again).toMatchObject({ ok: true, total: 389, inserted: 0, updated: 0, unchanged: 389 });
  });

  it('updates a changed school by URN', async () => {
    const db = await ownerDb();
    await importSchools(db, sample);
    const changed = sample
      .toString('utf8')
      .replace(
        '"116090","852","Southampton","2407","Bitterne Park Primary School',
        '"116090","852","Southampton","2407","Bitterne Park School',
      );
    const result = await importSchools(db, Buffer.from(changed));
    expect(result).toMatchObject({ ok: true, inserted: 0, updated: 1, unchanged: 388 });
    const row = await db.selectFrom('schools').select('name').where('urn', '=', 116090).executeTakeFirstOrThrow();
    expect(row.name).toMatch(/^Bitterne Park School/);
  });

  it('imports nothing from a file with a bad row, and says which rows', async () => {
    const db = await ownerDb();
    const lines = sample.toString('utf8').split('\n');
    lines[3] = lines[3]!.replace(/^"116089"/, '"abc"');
    const result = await importSchools(db, Buffer.from(lines.join('\n')));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ line: 4 });
    expect(await countSchools(db)).toBe(0);
  });

  it('refuses a file that is not CSV at all', async () => {
    const db = await ownerDb();
    const result = await importSchools(db, Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >>'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fileError).toBeTruthy();
    expect(await countSchools(db)).toBe(0);
  });

  it("keeps a school's links from GIAS, and a new link counts as a change", async () => {
    const db = await ownerDb();
    const row = (links: string[]) =>
      [
        ['URN', 'LA (code)', 'EstablishmentName', 'Linked establishments'],
        ['140001', '852', 'Bitterne Park Academy', ...links],
      ]
        .map((r) => r.map((v) => `"${v}"`).join(','))
        .join('\r\n');
    await importSchools(db, Buffer.from(row(['Predecessor - 116089 Bitterne Park School'])));
    const again = await importSchools(
      db,
      Buffer.from(row(['Predecessor - 116089 Bitterne Park School', 'Predecessor - 116090 Old Infants'])),
    );
    expect(again).toMatchObject({ ok: true, updated: 1 });
    const stored = await sql<{ links: string[] }>`select links from schools where urn = 140001`.execute(db);
    expect(stored.rows[0]?.links).toEqual([
      'Predecessor - 116089 Bitterne Park School',
      'Predecessor - 116090 Old Infants',
    ]);
  });
});
