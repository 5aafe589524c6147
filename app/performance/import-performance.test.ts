import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { importSchools } from '../schools/import-schools.server';
import { ownerDb, resetDatabase } from '../../test/setup/fixtures';
import { importKs2, importOfsted } from './import-performance.server';
import { NO_VALUE_TOKENS } from './parse-ks2';

const dir = new URL('../../reference/performance/', import.meta.url);
const file = (name: string) => ({ name, bytes: readFileSync(new URL(name, dir)) });
const southampton = file('ks2-2024-25-southampton.csv');
const fiveAreas = file('ks2-2022-23-5la.csv');
const ofsted = file('ofsted-latest-5la.csv');
const schools = readFileSync(new URL('../../tenants/schools-5la.csv', import.meta.url));

async function count(table: 'ks2_results' | 'ofsted_inspections' | 'performance_imports') {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
    await ownerDb(),
  );
  return rows[0]!.n;
}
async function resultsOf(urn: number) {
  const { rows } = await sql<{
    academic_year: number;
    source: string;
    ptrwm_exp: number | null;
    read_prog: number | null;
  }>`
    select academic_year, source, ptrwm_exp::float8 as ptrwm_exp, read_prog::float8 as read_prog
      from ks2_results where urn = ${urn} order by academic_year`.execute(await ownerDb());
  return rows;
}

beforeEach(async () => {
  await resetDatabase();
  const loaded = await importSchools(await ownerDb(), schools);
  expect(loaded.ok).toBe(true);
});

describe('importing KS2 results', () => {
  it('loads the real file with its earlier years; a rerun changes nothing', async () => {
    const db = await ownerDb();
    const first = await importKs2(db, southampton);
    expect(first).toMatchObject({
      ok: true,
      academicYear: 2025,
      years: [2025, 2024, 2023],
      schoolRows: 27,
      unknownUrns: 0,
      summaryRows: 0,
      updated: 0,
      unchanged: 0,
    });
    if (!first.ok) return;
    expect(first.inserted).toBe(await count('ks2_results'));
    expect(await resultsOf(116090)).toEqual([
      { academic_year: 2023, source: 'later_file', ptrwm_exp: 76, read_prog: -0.6 },
      { academic_year: 2024, source: 'later_file', ptrwm_exp: 76, read_prog: null },
      { academic_year: 2025, source: 'year_file', ptrwm_exp: 69, read_prog: null },
    ]);

    const again = await importKs2(db, southampton);
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: first.inserted });
    expect(await count('performance_imports')).toBe(2);
  });

  it("keeps a year's own file over a later file's carried-back columns, whichever comes first", async () => {
    const db = await ownerDb();
    // A year's own figures differ from what the later file carries back for that year.
    const own = new TextDecoder().decode(fiveAreas.bytes).replace('116090,852,76,12,-0.6', '116090,852,75,12,-0.7');
    await importKs2(db, { name: 'own.csv', bytes: new TextEncoder().encode(own) }, { academicYear: 2023 });
    const later = await importKs2(db, southampton);
    expect(later.ok).toBe(true);
    expect((await resultsOf(116090))[0]).toEqual({
      academic_year: 2023,
      source: 'year_file',
      ptrwm_exp: 75,
      read_prog: -0.7,
    });

    await resetDatabase();
    await importSchools(db, schools);
    await importKs2(db, southampton);
    const replaced = await importKs2(
      db,
      { name: 'own.csv', bytes: new TextEncoder().encode(own) },
      { academicYear: 2023 },
    );
    // The 24 Southampton schools with 2022/23 figures in both files now hold that year's own.
    expect(replaced).toMatchObject({ ok: true, updated: 24 });
    expect((await resultsOf(116090))[0]).toMatchObject({ source: 'year_file', ptrwm_exp: 75 });
  });

  it('skips and counts schools not in the schools list', async () => {
    const result = await importKs2(await ownerDb(), fiveAreas, { academicYear: 2023 });
    expect(result).toMatchObject({ ok: true, schoolRows: 253, unknownUrns: 14, inserted: 239 });
  });

  it('imports nothing at all when one row is malformed', async () => {
    const text = new TextDecoder().decode(southampton.bytes).replace(/,58%,2%,/, ',158%,2%,');
    const result = await importKs2(await ownerDb(), { name: 'bad.csv', bytes: new TextEncoder().encode(text) });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toEqual([{ line: 2, urn: '131839', reason: 'PTRWM_EXP is 158%, more than 100%' }]);
    expect(await count('ks2_results')).toBe(0);
    expect(await count('performance_imports')).toBe(0);
  });

  it('imports a national-size file (16,000 schools, every token) and again unchanged', async () => {
    const db = await ownerDb();
    await sql`insert into schools (urn, la_code, name, type_group, status)
              select 200000 + g, '999', 'School ' || g, 'la_maintained', 'Open' from generate_series(0, 15999) g`.execute(
      db,
    );
    const lines = new TextDecoder().decode(southampton.bytes).split(/\r?\n/).filter(Boolean);
    const header = lines[0]!.split(',');
    const at = (name: string) => header.indexOf(name);
    const template = lines[1]!.split(',');
    const tokens = ['', ...NO_VALUE_TOKENS];
    const rows = [lines[0]!];
    for (let i = 0; i < 16_000; i++) {
      const cells = [...template];
      cells[at('URN')] = String(200000 + i);
      cells[at('PTRWM_EXP')] = i % 7 === 0 ? tokens[i % tokens.length]! : `${i % 101}%`;
      cells[at('READPROG_23')] = i % 5 === 0 ? tokens[(i >> 3) % tokens.length]! : (((i % 200) - 100) / 10).toFixed(1);
      rows.push(cells.join(','));
    }
    rows.push(['4', ...template.slice(1)].map((c, i) => (i === at('URN') ? '' : c)).join(','));
    const bytes = new TextEncoder().encode(rows.join('\n'));
    const first = await importKs2(db, { name: 'england_ks2final.csv', bytes });
    expect(first).toMatchObject({ ok: true, schoolRows: 16_000, summaryRows: 1, unknownUrns: 0, inserted: 48_000 });
    const nulls = await sql<{ n: number }>`
      select count(*)::int as n from ks2_results where academic_year = 2025 and urn >= 200000 and ptrwm_exp is null`.execute(
      db,
    );
    expect(nulls.rows[0]!.n).toBe(Math.ceil(16_000 / 7));
    const again = await importKs2(db, { name: 'england_ks2final.csv', bytes });
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 48_000 });
  }, 180_000);
});

describe('importing Ofsted inspections', () => {
  it('loads the latest inspection per school, skips unknown URNs, and a rerun changes nothing', async () => {
    const db = await ownerDb();
    const first = await importOfsted(db, ofsted);
    expect(first).toMatchObject({ ok: true, schoolRows: 363, unknownUrns: 17, inserted: 346, updated: 0 });
    const bitterne = await sql<{
      inspection_date: string;
      overall_effectiveness: string | null;
      quality_of_education: string;
    }>`
      select inspection_date::text, overall_effectiveness, quality_of_education from ofsted_inspections where urn = 116090`.execute(
      db,
    );
    expect(bitterne.rows).toEqual([
      { inspection_date: '2025-05-07', overall_effectiveness: null, quality_of_education: 'outstanding' },
    ]);
    expect(await importOfsted(db, ofsted)).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 346 });
  });

  it('refuses a judgement it does not know and a duplicated inspection, importing nothing', async () => {
    const text = new TextDecoder().decode(ofsted.bytes);
    const lines = text.split('\n');
    lines[2] = lines[2]!.replace('Outstanding,Outstanding', 'Brilliant,Outstanding');
    lines.push(lines[3]!);
    const result = await importOfsted(await ownerDb(), {
      name: 'bad.csv',
      bytes: new TextEncoder().encode(lines.join('\n')),
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]).toMatchObject({ line: 3, urn: '104135' });
      expect(result.problems[0]!.reason).toMatch(/OverallEffectiveness "Brilliant" is not an Ofsted judgement/);
      expect(result.problems[1]!.reason).toMatch(/appears more than once \(first on line 4\)/);
    }
    expect(await count('ofsted_inspections')).toBe(0);
  });

  it("reads Ofsted's own numeric grades, and grade 3 before September 2012 as satisfactory", async () => {
    const csv = [
      'URN,Inspection start date,Overall effectiveness,Quality of education,Effectiveness of leadership and management',
      '116090,01/03/2011,3,,3',
      '116090,2019-06-12,2,2,1',
      '116090,2024-06-12,9,NULL,4',
    ].join('\r\n');
    const result = await importOfsted(await ownerDb(), { name: 'mi.csv', bytes: new TextEncoder().encode(csv) });
    expect(result).toMatchObject({ ok: true, inserted: 3 });
    const { rows } = await sql<{ d: string; o: string | null; l: string | null }>`
      select inspection_date::text as d, overall_effectiveness as o, leadership_and_management as l
        from ofsted_inspections where urn = 116090 order by inspection_date`.execute(await ownerDb());
    expect(rows).toEqual([
      { d: '2011-03-01', o: 'satisfactory', l: 'satisfactory' },
      { d: '2019-06-12', o: 'good', l: 'outstanding' },
      { d: '2024-06-12', o: null, l: 'inadequate' },
    ]);
  });
});
