import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NO_VALUE_TOKENS, parseKs2, type Ks2ParseResult } from './parse-ks2';
import { readAcademicYear } from './academic-year';

const real = readFileSync(new URL('../../reference/performance/ks2-2024-25-southampton.csv', import.meta.url));
const reduced = readFileSync(new URL('../../reference/performance/ks2-2022-23-5la.csv', import.meta.url));
const realText = real.toString('utf8');
const realLines = realText.split(/\r?\n/).filter(Boolean);
const header = realLines[0]!.split(',');
const col = (name: string) => header.indexOf(name);

function ok(result: Ks2ParseResult) {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result).slice(0, 500)}`);
  return result.file;
}
function problems(result: Ks2ParseResult) {
  if (result.ok) throw new Error('expected problems, got ok');
  return result;
}
const bytes = (text: string) => new TextEncoder().encode(text);

/** A data row of the real file with some cells replaced (by column name), as CSV. */
function realRow(index: number, changes: Record<string, string> = {}): string {
  const cells = parseSimple(realLines[index]!);
  for (const [name, value] of Object.entries(changes)) cells[col(name)] = value;
  return cells.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}
/** Enough CSV for the real file's rows (its quoted fields hold commas, never quotes or newlines). */
function parseSimple(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
const fileOf = (...rows: string[]) => bytes([realLines[0], ...rows].join('\r\n'));

describe('the real DfE layout (ks2-2024-25-southampton.csv)', () => {
  const file = ok(parseKs2(real));

  it('reads every school, its year from the earlier-year columns, and those years too', () => {
    expect(file.layout).toBe('dfe');
    expect(file.academicYear).toBe(2025);
    expect(file.schoolRows).toBe(27);
    expect(file.summaryRows).toBe(0);
    expect(new Set(file.results.map((r) => r.academicYear))).toEqual(new Set([2025, 2024, 2023]));
    expect(file.results.filter((r) => r.academicYear === 2025)).toHaveLength(27);
  });

  it('reads Bitterne Park: percentages without their sign, no 2024/25 progress scores, 2022/23 progress from _23', () => {
    const bitterne = file.results.filter((r) => r.urn === 116090);
    expect(bitterne.find((r) => r.academicYear === 2025)).toMatchObject({
      source: 'year_file',
      ptrwmExp: 69,
      readProg: null,
      writProg: null,
      matProg: null,
    });
    expect(bitterne.find((r) => r.academicYear === 2024)).toMatchObject({ source: 'later_file', ptrwmExp: 76 });
    expect(bitterne.find((r) => r.academicYear === 2023)).toMatchObject({
      source: 'later_file',
      ptrwmExp: 76,
      readProg: -0.6,
    });
  });

  it('stores SUPP as no value, never zero (The Cedar School)', () => {
    const cedar = file.results.find((r) => r.urn === 116622 && r.academicYear === 2023);
    expect(cedar?.readProg).toBeNull();
    const cedarNow = file.results.find((r) => r.urn === 116622 && r.academicYear === 2025);
    expect(cedarNow?.ptrwmExp).toBe(0);
  });

  it('accepts the year given when it agrees, and refuses one that does not', () => {
    expect(ok(parseKs2(real, { academicYear: 2025 })).academicYear).toBe(2025);
    expect(problems(parseKs2(real, { academicYear: 2023 })).fileError).toMatch(/for 2024\/25.*not 2022\/23/);
  });
});

describe('the reduced layout (ks2-2022-23-5la.csv)', () => {
  it('needs the year, and then reads every row as a school', () => {
    expect(problems(parseKs2(reduced)).fileError).toMatch(/which academic year/);
    const file = ok(parseKs2(reduced, { academicYear: 2023 }));
    expect(file.layout).toBe('reduced');
    expect(file.schoolRows).toBe(253);
    expect(file.results).toHaveLength(253);
    expect(file.results.find((r) => r.urn === 116090)).toMatchObject({
      ptrwmExp: 76,
      ptrwmHigh: 12,
      readProg: -0.6,
      writProg: 0.3,
      matProg: 0,
    });
  });
});

describe('bad input: nothing is returned but the problems, each naming its row or field', () => {
  it('a missing required column, named', () => {
    const noMaths = realText.replace(/,MATPROG,/, ',MATHS_PROGRESS,');
    expect(problems(parseKs2(bytes(noMaths))).fileError).toMatch(/"MATPROG".*missing/);
  });

  it('a percentage over 100', () => {
    const result = problems(parseKs2(fileOf(realRow(1), realRow(2, { PTRWM_EXP: '104%' }))));
    expect(result.problems).toEqual([{ line: 3, urn: '132025', reason: 'PTRWM_EXP is 104%, more than 100%' }]);
  });

  it('a duplicated URN', () => {
    const result = problems(parseKs2(fileOf(realRow(1), realRow(2), realRow(1))));
    expect(result.problems).toEqual([
      { line: 4, urn: '131839', reason: 'URN 131839 appears more than once (first on line 2)' },
    ]);
  });

  it('a summary row with a URN, as if it were a school', () => {
    const result = problems(parseKs2(fileOf(realRow(1), realRow(2, { RECTYPE: '4' }))));
    expect(result.problems[0]).toMatchObject({ line: 3, urn: '132025' });
    expect(result.problems[0]!.reason).toMatch(/RECTYPE 4 marks an area or national summary row/);
  });

  it('a value that is neither a number nor a "no value" code', () => {
    const result = problems(parseKs2(fileOf(realRow(1, { READPROG_23: 'about -1' }))));
    expect(result.problems[0]!.reason).toMatch(/READPROG_23 "about -1" is not a progress score/);
  });

  it('UTF-16 without a byte-order mark, and binary', () => {
    const utf16 = Buffer.from(realText.slice(0, 4000), 'utf16le');
    expect(problems(parseKs2(utf16)).fileError).toMatch(/UTF-16/);
    const binary = Uint8Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256);
    expect(problems(parseKs2(binary)).fileError).toMatch(/binary|not a CSV|could not be read/);
    expect(problems(parseKs2(bytes('%PDF-1.7\n1 0 obj'))).fileError).toMatch(/PDF/);
  });

  it('UTF-16 with its byte-order mark is read like UTF-8', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(realText, 'utf16le')]);
    expect(ok(parseKs2(utf16)).results).toHaveLength(ok(parseKs2(real)).results.length);
  });
});

describe('CSV as spreadsheets write it', () => {
  it('reads quoted values holding commas, doubled quotes and line breaks, and blank lines, keeping line numbers', () => {
    const csv = [
      'URN,SCHNAME,PTRWM_EXP,PTRWM_HIGH,READPROG,WRITPROG,MATPROG',
      '116090,"Bitterne Park, ""the"" school",76,12,-0.6,0.3,0',
      '',
      '116092,"Mount Pleasant',
      'Juniors",47,5,1.0,-1.0,0.5',
      '116092,Again,47,5,1.0,-1.0,0.5',
    ].join('\r\n');
    const result = problems(parseKs2(bytes(csv), { academicYear: 2023 }));
    expect(result.problems).toEqual([
      { line: 6, urn: '116092', reason: 'URN 116092 appears more than once (first on line 4)' },
    ]);
    const fine = ok(parseKs2(bytes(csv.split('\r\n').slice(0, 5).join('\r\n')), { academicYear: 2023 }));
    expect(fine.results.map((r) => [r.urn, r.ptrwmExp, r.readProg])).toEqual([
      [116090, 76, -0.6],
      [116092, 47, 1],
    ]);
  });

  it('refuses a quoted value that is never closed', () => {
    const csv = 'URN,SCHNAME,PTRWM_EXP,PTRWM_HIGH,READPROG,WRITPROG,MATPROG\n116090,"Bitterne Park,76,12,-0.6,0.3,0\n';
    expect(problems(parseKs2(bytes(csv), { academicYear: 2023 })).fileError).toMatch(
      /starting on line 2 is never closed/,
    );
  });
});

describe('summary rows and short rows', () => {
  it('skips and counts summary rows without a URN; reads a row that ends early', () => {
    const summary = realRow(1, { RECTYPE: '4', URN: '', SCHNAME: 'Southampton' });
    const short = realRow(2)
      .split(',')
      .slice(0, col('PTRWM_HIGH') + 1)
      .join(',');
    const file = ok(parseKs2(fileOf(summary, realRow(1), short)));
    expect(file.summaryRows).toBe(1);
    expect(file.schoolRows).toBe(2);
    expect(file.results.find((r) => r.urn === 132025 && r.academicYear === 2025)).toMatchObject({
      ptrwmExp: 41,
      ptrwmHigh: 1,
      readProg: null,
    });
  });
});

describe('a national-size file in the real layout', () => {
  it('reads 16,000 rows with every "no value" token, summary rows skipped', () => {
    const tokens = ['', ...NO_VALUE_TOKENS, 'supp', 'Np'];
    const measures = [
      'PTRWM_EXP',
      'PTRWM_HIGH',
      'READPROG',
      'WRITPROG',
      'MATPROG',
      'TOTPUPS',
      'TELIG',
      'PTRWM_EXP_24',
      'READPROG_23',
    ];
    const base = parseSimple(realLines[1]!);
    const lines = [realLines[0]!];
    for (let i = 0; i < 16_000; i++) {
      const cells = [...base];
      const summary = i % 1000 === 999;
      cells[col('RECTYPE')] = summary ? String(4 + (i % 2)) : String(1 + (i % 2));
      cells[col('URN')] = summary ? '' : String(100000 + i);
      cells[col('PTRWM_EXP')] = `${i % 101}%`;
      cells[col('READPROG')] = (((i % 200) - 100) / 10).toFixed(1);
      const token = tokens[i % tokens.length]!;
      cells[col(measures[i % measures.length]!)] = token;
      lines.push(cells.map((c) => (/[",]/.test(c) ? `"${c}"` : c)).join(','));
    }
    const file = ok(parseKs2(bytes(lines.join('\n'))));
    expect(file.summaryRows).toBe(16);
    expect(file.schoolRows).toBe(15_984);
    const own = file.results.filter((r) => r.academicYear === 2025);
    expect(own).toHaveLength(15_984);
    // Every token became null, never zero; numbers stayed numbers.
    const tokenRow = own.find((r) => r.urn === 100000 + tokens.indexOf('SUPP') * 1)!;
    expect(tokenRow).toBeDefined();
    for (let i = 0; i < 200; i++) {
      if (i % 1000 === 999) continue;
      const r = own.find((x) => x.urn === 100000 + i)!;
      const measure = measures[i % measures.length]!;
      if (measure === 'PTRWM_EXP') expect(r.ptrwmExp).toBeNull();
      else expect(r.ptrwmExp).toBe(i % 101);
      if (measure === 'READPROG') expect(r.readProg).toBeNull();
      else expect(r.readProg).toBe(((i % 200) - 100) / 10);
    }
  });
});

describe('academic years in words', () => {
  it('reads 2024/25 and its variants as 2025, and refuses years that do not follow', () => {
    for (const text of ['2024/25', '2024-25', '2024 to 2025', '2024/2025']) expect(readAcademicYear(text)).toBe(2025);
    expect(readAcademicYear('1999/00')).toBe(2000);
    for (const text of ['2024/26', '2025', 'last year', '2024/24']) expect(readAcademicYear(text)).toBeNull();
  });
});
