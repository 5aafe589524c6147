import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { decodeCsvBytes } from '../forms/csv-file';
import { describe, it, expect } from 'vitest';
import { parseGias, type EstablishmentTypeGroup, type ParseResult, type SchoolRecord } from './parse-gias';

// --- helpers ------------------------------------------------------------------------------------

function expectOk(result: ParseResult): SchoolRecord[] {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result, null, 2)}`);
  return result.schools;
}

function expectFileError(result: ParseResult): string {
  if (result.ok) throw new Error('expected a file error, got ok');
  expect(result.problems).toEqual([]);
  expect(typeof result.fileError).toBe('string');
  return result.fileError as string;
}

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
const csvLine = (values: string[]) => values.map(quote).join(',');

/** Encode a string as Windows-1252 bytes: ASCII plus the few characters the tests use. */
function cp1252(s: string): Uint8Array {
  const extra: Record<string, number> = { é: 0xe9, '’': 0x92, '£': 0xa3, â: 0xe2 };
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c < 0x80) out.push(c);
    else if (extra[ch] !== undefined) out.push(extra[ch]);
    else throw new Error(`no cp1252 byte for ${ch} in this helper`);
  }
  return Uint8Array.from(out);
}

// Columns of the real GIAS extract that we read (plus a few we ignore), in GIAS order.
const GIAS_COLUMNS = [
  'URN',
  'LA (code)',
  'LA (name)',
  'EstablishmentNumber',
  'EstablishmentName',
  'TypeOfEstablishment (code)',
  'TypeOfEstablishment (name)',
  'EstablishmentTypeGroup (code)',
  'EstablishmentTypeGroup (name)',
  'EstablishmentStatus (code)',
  'EstablishmentStatus (name)',
  'OpenDate',
  'CloseDate',
  'PhaseOfEducation (code)',
  'PhaseOfEducation (name)',
  'StatutoryLowAge',
  'NumberOfPupils',
  'Trusts (code)',
  'Trusts (name)',
  'UKPRN',
  'Street',
  'Locality',
  'Town',
  'Postcode',
] as const;
type GiasColumn = (typeof GIAS_COLUMNS)[number];

function giasRow(values: Partial<Record<GiasColumn, string>>): string {
  return csvLine(GIAS_COLUMNS.map((c) => values[c] ?? ''));
}

// --- the project's sample file ------------------------------------------------------------------

describe('tenants/schools-5la.csv', () => {
  const bytes = readFileSync(new URL('../../tenants/schools-5la.csv', import.meta.url));
  const schools = expectOk(parseGias(decodeCsvBytes(bytes)));

  it('parses all 389 schools', () => {
    expect(schools).toHaveLength(389);
    expect(new Set(schools.map((s) => s.urn)).size).toBe(389);
  });

  it('reads Bitterne Park Primary School correctly', () => {
    const school = schools.find((s) => s.urn === 116090);
    expect(school).toMatchObject({
      laCode: '852',
      laName: 'Southampton',
      establishmentNumber: '2407',
      typeOfEstablishment: 'Community school',
      typeGroup: 'la_maintained',
      status: 'Open',
      phase: 'Primary',
      pupils: 628,
      trustName: null,
      street: 'Manor Farm Road',
      town: 'Southampton',
      postcode: 'SO18 1NX',
      openDate: null,
    });
    expect(school?.name).toMatch(/^Bitterne Park Primary School/);
  });

  it('has at least one academy in each of the five local authorities', () => {
    for (const la of ['852', '921', '851', '335', '874']) {
      expect(schools.some((s) => s.laCode === la && s.typeGroup === 'academy')).toBe(true);
    }
    expect(new Set(schools.map((s) => s.laCode))).toEqual(new Set(['852', '921', '851', '335', '874']));
  });

  it('has plausible counts by type group', () => {
    const counts: Record<EstablishmentTypeGroup, number> = {
      la_maintained: 0,
      academy: 0,
      free_school: 0,
      special: 0,
      independent: 0,
      other: 0,
    };
    for (const s of schools) counts[s.typeGroup]++;
    expect(counts.la_maintained).toBeGreaterThan(120);
    expect(counts.academy).toBeGreaterThan(120);
    expect(counts.free_school).toBeGreaterThan(3);
    expect(counts.free_school).toBeLessThan(40);
    expect(counts.special).toBeGreaterThan(3);
    expect(counts.special).toBeLessThan(40);
    expect(counts.independent).toBe(0); // the file holds state-funded schools only
    // Only the ~25 recent academies with blank type and type group should be unclassified.
    expect(counts.other).toBeLessThanOrEqual(30);
  });

  it('turns blanks into null and normalises values', () => {
    const blanks = schools.filter((s) => s.typeOfEstablishment === null);
    expect(blanks.length).toBeGreaterThan(15);
    expect(blanks.length).toBeLessThan(35);
    for (const s of blanks) {
      expect(s.phase).toBeNull();
      expect(s.pupils).toBeNull();
      expect(s.trustName).toBeNull();
    }
    for (const s of schools) {
      expect(s.status).toBe('Open');
      expect(s.laCode).toMatch(/^\d{3}$/);
      if (s.postcode !== null) expect(s.postcode).toBe(s.postcode.trim().toUpperCase());
      if (s.openDate !== null) expect(s.openDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (s.establishmentNumber !== null) expect(s.establishmentNumber).toMatch(/^\d{4}$/);
    }
    expect(schools.some((s) => s.openDate !== null)).toBe(true);
  });
});

// --- the real extract's format ------------------------------------------------------------------

describe('real GIAS extract format (Windows-1252, (code) columns, dd-MM-yyyy)', () => {
  const lines = [
    csvLine([...GIAS_COLUMNS]),
    giasRow({
      URN: '136789',
      'LA (code)': '852',
      'LA (name)': 'Southampton',
      EstablishmentNumber: '4001',
      EstablishmentName: 'St Mary’s Académie',
      'TypeOfEstablishment (code)': '28',
      'TypeOfEstablishment (name)': 'Academy sponsor led',
      'EstablishmentTypeGroup (code)': '10',
      'EstablishmentTypeGroup (name)': 'Academies',
      'EstablishmentStatus (code)': '1',
      'EstablishmentStatus (name)': 'Open',
      OpenDate: '01-09-2012',
      'PhaseOfEducation (code)': '4',
      'PhaseOfEducation (name)': 'Secondary',
      StatutoryLowAge: '11',
      NumberOfPupils: '1024',
      'Trusts (code)': '16051',
      'Trusts (name)': 'Café Learning Trust',
      UKPRN: '10034567',
      Street: 'Lodge Road',
      Locality: 'Portswood',
      Town: 'Southampton',
      Postcode: ' so17 2ab ',
    }),
    giasRow({
      URN: '116100',
      'LA (code)': '852',
      'LA (name)': 'Southampton',
      EstablishmentNumber: '2420',
      EstablishmentName: '  Banister Primary School  ',
      'TypeOfEstablishment (code)': '1',
      'TypeOfEstablishment (name)': 'Community school',
      'EstablishmentTypeGroup (code)': '4',
      'EstablishmentTypeGroup (name)': 'Local authority maintained schools',
      'EstablishmentStatus (code)': '2',
      'EstablishmentStatus (name)': 'Closed',
      OpenDate: '',
      CloseDate: '31-08-2019',
      'PhaseOfEducation (code)': '2',
      'PhaseOfEducation (name)': 'Primary',
      NumberOfPupils: '',
      Town: 'Southampton',
      Postcode: 'SO15 2FX',
    }),
    // Type group code wins over a contradictory name; code 11 is Free Schools.
    giasRow({
      URN: '140001',
      'LA (code)': '921',
      EstablishmentName: 'Island Free School',
      'TypeOfEstablishment (name)': 'Free schools',
      'EstablishmentTypeGroup (code)': '11',
      'EstablishmentTypeGroup (name)': 'Academies',
      'EstablishmentStatus (name)': 'Open',
      OpenDate: '2014-09-01', // yyyy-mm-dd is accepted too
    }),
    // Codes 5 and 3, and an unknown code → other.
    giasRow({
      URN: '140002',
      'LA (code)': '851',
      EstablishmentName: 'Special One',
      'EstablishmentTypeGroup (code)': '5',
    }),
    giasRow({
      URN: '140003',
      'LA (code)': '851',
      EstablishmentName: 'Indie One',
      'EstablishmentTypeGroup (code)': '3',
    }),
    giasRow({
      URN: '140004',
      'LA (code)': '851',
      EstablishmentName: 'College One',
      'EstablishmentTypeGroup (code)': '1',
    }),
    // No code: falls back to the name, then to the type of establishment.
    giasRow({
      URN: '140005',
      'LA (code)': '335',
      EstablishmentName: 'Name Only',
      'EstablishmentTypeGroup (name)': 'FREE SCHOOLS',
    }),
    giasRow({
      URN: '140006',
      'LA (code)': '335',
      EstablishmentName: 'Type Only',
      'TypeOfEstablishment (name)': 'Academy converter',
    }),
    giasRow({
      URN: '140007',
      'LA (code)': '335',
      EstablishmentName: 'VA',
      'TypeOfEstablishment (name)': 'Voluntary aided school',
      OpenDate: '05/01/1999',
    }),
    giasRow({ URN: '140008', 'LA (code)': '335', EstablishmentName: 'Nothing Known' }),
  ];
  const bytes = cp1252(lines.join('\r\n') + '\r\n');

  it('decodes Windows-1252 bytes', () => {
    // 0x92 and 0xE9 on their own are not valid UTF-8, so this must fall back to Windows-1252.
    expect(bytes).toContain(0x92);
    expect(bytes).toContain(0xe9);
    const text = decodeCsvBytes(bytes);
    expect(text).toContain('St Mary’s Académie');
    expect(text).toContain('Café Learning Trust');
  });

  it('parses the rows into records', () => {
    const schools = expectOk(parseGias(decodeCsvBytes(bytes)));
    expect(schools).toHaveLength(10);
    expect(schools[0]).toEqual({
      urn: 136789,
      laCode: '852',
      laName: 'Southampton',
      establishmentNumber: '4001',
      name: 'St Mary’s Académie',
      typeOfEstablishment: 'Academy sponsor led',
      typeGroup: 'academy',
      status: 'Open',
      phase: 'Secondary',
      pupils: 1024,
      trustCode: '16051',
      trustName: 'Café Learning Trust',
      street: 'Lodge Road',
      town: 'Southampton',
      postcode: 'SO17 2AB',
      openDate: '2012-09-01',
      links: [],
    } satisfies SchoolRecord);
    expect(schools[1]).toMatchObject({
      urn: 116100,
      name: 'Banister Primary School',
      typeGroup: 'la_maintained',
      status: 'Closed',
      pupils: null,
      openDate: null,
      trustCode: null,
      street: null,
    });
    expect(schools[2]).toMatchObject({ typeGroup: 'free_school', openDate: '2014-09-01' });
    expect(schools.slice(3).map((s) => s.typeGroup)).toEqual([
      'special',
      'independent',
      'other',
      'free_school',
      'academy',
      'la_maintained',
      'other',
    ]);
    expect(schools[8].openDate).toBe('1999-01-05');
    // No status in the row → "Open".
    expect(schools[9].status).toBe('Open');
  });
});

describe('decodeCsvBytes', () => {
  it('decodes UTF-8 and strips a BOM', () => {
    const utf8 = new TextEncoder().encode('URN,EstablishmentName\n1,École');
    const withBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]);
    expect(decodeCsvBytes(utf8)).toBe('URN,EstablishmentName\n1,École');
    expect(decodeCsvBytes(withBom)).toBe('URN,EstablishmentName\n1,École');
  });

  it('maps Windows-1252 bytes 0x80-0x9F to their characters, not C1 controls', () => {
    // Node 20.18.3+ decodes 'windows-1252' as Latin-1 (nodejs/node#56542); decodeCsvBytes corrects it.
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    expect(decodeCsvBytes(bytes)).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ');
    expect(decodeCsvBytes(Uint8Array.from([0x93, 0x41, 0x94, 0x20, 0xa3, 0x35]))).toBe('“A” £5');
  });

  it('accepts a Node Buffer', () => {
    expect(decodeCsvBytes(Buffer.from([0x43, 0x61, 0x66, 0xe9]))).toBe('Café');
  });

  it('returns an empty string for no bytes', () => {
    expect(decodeCsvBytes(new Uint8Array())).toBe('');
  });
});

describe('columns found by name', () => {
  it('accepts columns in any order, with a BOM, extra columns and header case/spacing differences', () => {
    const text = '\uFEFFExtra,establishmentname,la(CODE),urn,Postcode\n"x","Hill School","852","123456","so1 1aa"\n';
    const schools = expectOk(parseGias(text));
    expect(schools).toEqual([
      expect.objectContaining({ urn: 123456, name: 'Hill School', laCode: '852', postcode: 'SO1 1AA', laName: null }),
    ]);
  });

  it('skips blank lines and lines of empty fields', () => {
    const text = 'URN,EstablishmentName,LA (code)\n\n1,A,852\n,,\n\n2,B,852\n';
    expect(expectOk(parseGias(text)).map((s) => s.urn)).toEqual([1, 2]);
  });
});

// --- bad input ----------------------------------------------------------------------------------

describe('files that are not a usable CSV', () => {
  it('rejects binary junk', () => {
    const junk = new Uint8Array(2048);
    let seed = 12345;
    for (let i = 0; i < junk.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      junk[i] = seed & 0xff;
    }
    expect(expectFileError(parseGias(decodeCsvBytes(junk)))).toMatch(/not a CSV/);
  });

  it('rejects a PDF', () => {
    const pdf = cp1252('%PDF-1.7\n%âââ\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
    expect(expectFileError(parseGias(decodeCsvBytes(pdf)))).toMatch(/PDF/);
  });

  it('rejects a PNG', () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01,
      0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00,
    ]);
    expect(expectFileError(parseGias(decodeCsvBytes(png)))).toMatch(/binary/);
  });

  it('rejects an Excel workbook (zip)', () => {
    const xlsx = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]);
    expect(expectFileError(parseGias(decodeCsvBytes(xlsx)))).toMatch(/Excel/);
  });

  it('rejects JSON', () => {
    expect(expectFileError(parseGias('[{"URN": 1, "EstablishmentName": "A"}]'))).toMatch(/JSON/);
    expect(expectFileError(parseGias('{"schools": []}'))).toMatch(/JSON/);
  });

  it('rejects an empty file', () => {
    expect(expectFileError(parseGias(''))).toMatch(/empty/);
    expect(expectFileError(parseGias('\uFEFF  \r\n\n'))).toMatch(/empty/);
    expect(expectFileError(parseGias(decodeCsvBytes(new Uint8Array())))).toMatch(/empty/);
  });

  it('rejects CSV that csv-parse cannot read', () => {
    const error = expectFileError(parseGias('URN,EstablishmentName,LA (code)\n1,"A,852\n2,B",852,"x"y\n'));
    expect(error).toMatch(/could not be read as CSV/);
  });

  it('names a missing URN column', () => {
    const error = expectFileError(parseGias('EstablishmentName,LA (code)\nA School,852\n'));
    expect(error).toContain('"URN"');
    expect(error).not.toContain('"EstablishmentName"');
    expect(error).not.toContain('"LA (code)"');
  });

  it('names every missing required column', () => {
    const error = expectFileError(parseGias('Name,Code\nA,1\n'));
    expect(error).toContain('"URN"');
    expect(error).toContain('"EstablishmentName"');
    expect(error).toContain('"LA (code)"');
  });

  it('spots a file separated by semicolons', () => {
    expect(expectFileError(parseGias('URN;EstablishmentName;LA (code)\n1;A;852\n'))).toMatch(/separated/);
  });

  it('rejects a header with no rows', () => {
    expect(expectFileError(parseGias('URN,EstablishmentName,LA (code)\n'))).toMatch(/no schools/);
  });

  it('never throws for a non-string', () => {
    expect(parseGias(undefined as unknown as string).ok).toBe(false);
  });
});

describe('row problems', () => {
  const header = csvLine(['URN', 'EstablishmentName', 'LA (code)', 'NumberOfPupils', 'OpenDate']);
  const text = [
    header, // line 1
    csvLine(['100001', 'Good School', '852', '200', '01-09-2012']), // 2
    csvLine(['12a', 'Bad URN School', '852', '', '']), // 3
    csvLine(['100001', 'Duplicate School', '852', '', '']), // 4
    csvLine(['100003', 'Word Pupils School', '852', 'abc', '']), // 5
    csvLine(['100004', 'Leap School', '852', '', '31-02-2020']), // 6
    csvLine(['100005', 'Multi\r\nLine School', '852', '', '']), // 7-8
    csvLine(['100006', '', '85', '-3', 'soon']), // 9
    '"100007","Short Row School"', // 10
    csvLine(['0', 'Zero School', '852', '', '']), // 11
    csvLine(['100008', 'Fine School', '852', '1.5', '2021-13-01']), // 12
  ].join('\r\n');
  const result = parseGias(text);

  it('is not ok, and reports no file error', () => {
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fileError).toBeUndefined();
  });

  it('lists every problem with its line and reason', () => {
    if (result.ok) throw new Error('expected problems');
    expect(result.problems).toEqual([
      { line: 3, urn: '12a', reason: 'URN "12a" is not a positive whole number' },
      { line: 4, urn: '100001', reason: 'URN 100001 appears more than once (first on line 2)' },
      { line: 5, urn: '100003', reason: 'NumberOfPupils "abc" is not a whole number' },
      { line: 6, urn: '100004', reason: 'OpenDate "31-02-2020" is not a real date' },
      { line: 9, urn: '100006', reason: 'LA (code) "85" is not a 3-digit code' },
      { line: 9, urn: '100006', reason: 'EstablishmentName is blank' },
      { line: 9, urn: '100006', reason: 'NumberOfPupils "-3" cannot be negative' },
      {
        line: 9,
        urn: '100006',
        reason: 'OpenDate "soon" is not a date in the form dd-mm-yyyy (for example 01-09-2012)',
      },
      {
        line: 10,
        urn: '100007',
        reason: 'Row has 2 values but the header has 5 columns, so its values cannot be matched to columns',
      },
      { line: 11, urn: '0', reason: 'URN "0" is not a positive whole number' },
      { line: 12, urn: '100008', reason: 'NumberOfPupils "1.5" is not a whole number' },
      { line: 12, urn: '100008', reason: 'OpenDate "2021-13-01" is not a real date' },
    ]);
  });

  it('reports a duplicate even when the first copy has other problems', () => {
    const r = parseGias('URN,EstablishmentName,LA (code)\n5,,852\n5,B,852\n');
    expect(r).toEqual({
      ok: false,
      problems: [
        { line: 2, urn: '5', reason: 'EstablishmentName is blank' },
        { line: 3, urn: '5', reason: 'URN 5 appears more than once (first on line 2)' },
      ],
    });
  });

  it('omits urn when it is blank', () => {
    const r = parseGias('URN,EstablishmentName,LA (code)\n,A,852\n');
    expect(r).toEqual({ ok: false, problems: [{ line: 2, reason: 'URN is blank' }] });
  });

  it('accepts 29 February in a leap year', () => {
    const schools = expectOk(parseGias('URN,EstablishmentName,LA (code),OpenDate\n1,A,852,29-02-2020\n'));
    expect(schools[0].openDate).toBe('2020-02-29');
    expect(parseGias('URN,EstablishmentName,LA (code),OpenDate\n1,A,852,29-02-2100\n').ok).toBe(false);
  });
});

// --- scale --------------------------------------------------------------------------------------

describe('a file the size of the real extract', () => {
  it('parses 50,000 rows and still finds a late duplicate', () => {
    const lines = [csvLine([...GIAS_COLUMNS])];
    for (let i = 0; i < 50_000; i++) {
      lines.push(
        giasRow({
          URN: String(100000 + i),
          'LA (code)': '852',
          EstablishmentName: `School ${i}`,
          'EstablishmentTypeGroup (code)': '10',
          NumberOfPupils: String(i % 2000),
          OpenDate: '01-09-2012',
          Postcode: 'SO14 0AA',
        }),
      );
    }
    const ok = lines.join('\r\n');
    const schools = expectOk(parseGias(ok));
    expect(schools).toHaveLength(50_000);

    const withDuplicate = `${ok}\r\n${giasRow({ URN: '100000', 'LA (code)': '852', EstablishmentName: 'Again' })}`;
    const r = parseGias(withDuplicate);
    expect(r).toEqual({
      ok: false,
      problems: [{ line: 50_002, urn: '100000', reason: 'URN 100000 appears more than once (first on line 2)' }],
    });
  }, 30_000);
});

// --- round trip ---------------------------------------------------------------------------------

describe('round trip (property)', () => {
  const TYPE_GROUPS: Array<[EstablishmentTypeGroup, string, string]> = [
    ['la_maintained', '4', 'Local authority maintained schools'],
    ['academy', '10', 'Academies'],
    ['free_school', '11', 'Free Schools'],
    ['special', '5', 'Special schools'],
    ['independent', '3', 'Independent schools'],
    ['other', '9', 'Other types'],
  ];
  const GROUP_CODE = Object.fromEntries(TYPE_GROUPS.map(([g, c]) => [g, c]));
  const GROUP_NAME = Object.fromEntries(TYPE_GROUPS.map(([g, , n]) => [g, n]));

  // Text with the characters that stress CSV quoting: commas, quotes, newlines, non-ASCII.
  const textValue = fc
    .string({ unit: fc.constantFrom(...'abcXYZ019 ,"\'\n’é&()-'.split('')), minLength: 1, maxLength: 20 })
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const optionalText = fc.option(textValue, { nil: null });
  const digits = (n: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: n, maxLength: n });
  const isoDate = fc
    .date({ min: new Date('1850-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  const record: fc.Arbitrary<SchoolRecord> = fc.record({
    urn: fc.integer({ min: 1, max: 9_999_999 }),
    laCode: digits(3),
    laName: optionalText,
    establishmentNumber: fc.option(digits(4), { nil: null }),
    name: textValue,
    typeOfEstablishment: optionalText,
    typeGroup: fc.constantFrom(...TYPE_GROUPS.map(([g]) => g)),
    status: textValue,
    phase: optionalText,
    pupils: fc.option(fc.nat({ max: 5000 }), { nil: null }),
    trustCode: fc.option(digits(5), { nil: null }),
    trustName: optionalText,
    street: optionalText,
    town: optionalText,
    postcode: fc.option(fc.constantFrom('SO18 1NX', 'PO30 2DX', 'WS1 1AA', 'PE1 1XX', 'SW1A 2AA'), { nil: null }),
    openDate: fc.option(isoDate, { nil: null }),
    links: fc.constant([]),
  });

  const toFileDate = (iso: string, style: number) => {
    const [y, m, d] = iso.split('-');
    return style === 0 ? `${d}-${m}-${y}` : style === 1 ? `${d}/${m}/${y}` : iso;
  };

  it('parseGias returns the records that were written', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(record, { minLength: 1, maxLength: 25, selector: (r) => r.urn }),
        fc.boolean(), // with or without (code) columns for the type group
        fc.constantFrom(0, 1, 2), // date style
        fc.shuffledSubarray([...GIAS_COLUMNS], { minLength: GIAS_COLUMNS.length }), // column order
        (records, withCodes, dateStyle, columns) => {
          const header = columns.filter((c) => withCodes || c !== 'EstablishmentTypeGroup (code)');
          const value = (r: SchoolRecord, c: GiasColumn): string | null => {
            switch (c) {
              case 'URN':
                return String(r.urn);
              case 'LA (code)':
                return r.laCode;
              case 'LA (name)':
                return r.laName;
              case 'EstablishmentNumber':
                return r.establishmentNumber;
              case 'EstablishmentName':
                return r.name;
              case 'TypeOfEstablishment (name)':
                return r.typeOfEstablishment;
              case 'EstablishmentTypeGroup (code)':
                return GROUP_CODE[r.typeGroup];
              case 'EstablishmentTypeGroup (name)':
                return GROUP_NAME[r.typeGroup];
              case 'EstablishmentStatus (name)':
                return r.status;
              case 'PhaseOfEducation (name)':
                return r.phase;
              case 'NumberOfPupils':
                return r.pupils === null ? null : String(r.pupils);
              case 'Trusts (code)':
                return r.trustCode;
              case 'Trusts (name)':
                return r.trustName;
              case 'Street':
                return r.street;
              case 'Town':
                return r.town;
              case 'Postcode':
                return r.postcode;
              case 'OpenDate':
                return r.openDate === null ? null : toFileDate(r.openDate, dateStyle);
              default:
                return 'ignored';
            }
          };
          const csv = [csvLine(header), ...records.map((r) => csvLine(header.map((c) => value(r, c) ?? '')))].join(
            '\r\n',
          );
          const result = parseGias(decodeCsvBytes(new TextEncoder().encode(csv)));
          expect(result).toEqual({ ok: true, schools: records });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('GIAS downloads with links', () => {
  const header = ['URN', 'LA (code)', 'EstablishmentName', 'Linked establishments'];

  it("keeps a school's links, however many run on past the last column", () => {
    const csv = [
      csvLine(header),
      csvLine([
        '140001',
        '852',
        'Bitterne Park Academy',
        'Predecessor - 116089 Bitterne Park School',
        'Predecessor - 116090 Old Infants',
      ]),
      csvLine(['140002', '852', 'Hightown Primary School', 'Successor - 150001 Hightown Academy']),
      csvLine(['140003', '852', 'Banister Primary School', '']),
    ].join('\r\n');
    const schools = expectOk(parseGias(decodeCsvBytes(new TextEncoder().encode(csv))));
    expect(schools.map((s) => [s.urn, s.links])).toEqual([
      [140001, ['Predecessor - 116089 Bitterne Park School', 'Predecessor - 116090 Old Infants']],
      [140002, ['Successor - 150001 Hightown Academy']],
      [140003, []],
    ]);
  });

  it('still refuses a row with values past the last column when that column is not the links', () => {
    const csv = [
      csvLine(['URN', 'LA (code)', 'EstablishmentName']),
      csvLine(['140001', '852', 'Bitterne Park Academy', 'stray']),
    ].join('\n');
    const result = parseGias(decodeCsvBytes(new TextEncoder().encode(csv)));
    expect(result).toMatchObject({ ok: false, problems: [{ line: 2, reason: expect.stringMatching(/has 4 values/) }] });
  });

  it('reads a file whose header ends in CRLF and whose rows end in LF', () => {
    const csv = `${csvLine(header)}\r\n${csvLine(['140001', '852', 'Bitterne Park Academy', ''])}\n${csvLine(['140002', '852', 'Hightown Primary School', ''])}\n`;
    const schools = expectOk(parseGias(decodeCsvBytes(new TextEncoder().encode(csv))));
    expect(schools.map((s) => s.urn)).toEqual([140001, 140002]);
  });
});
