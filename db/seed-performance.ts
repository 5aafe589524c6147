import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importKs2, importOfsted } from '../app/performance/import-performance.server';
import { describeRowProblem } from '../app/performance/csv-rows';
import type { Db } from './client.server';

export const DEFAULT_PERFORMANCE_DIR = path.join(process.cwd(), 'reference', 'performance');

/** The demo's real performance files, oldest year first, so each year's own file is in before a later one's carried-back columns. */
const KS2_FILES: Array<{ file: string; academicYear?: number }> = [
  { file: 'ks2-2022-23-5la.csv', academicYear: 2023 },
  { file: 'ks2-2024-25-southampton.csv' },
];
const OFSTED_FILE = 'ofsted-latest-5la.csv';

/** Loads the demo's KS2 results and Ofsted inspections (after the schools). Safe to run again: it changes nothing. */
export async function seedPerformanceData(db: Db, log: (line: string) => void, dir = DEFAULT_PERFORMANCE_DIR) {
  const read = (file: string) => ({ name: file, bytes: readFileSync(path.join(dir, file)) });
  const fail = (file: string, result: { fileError?: string; problems: Parameters<typeof describeRowProblem>[0][] }) => {
    throw new Error(
      `reference/performance/${file} could not be imported: ${result.fileError ?? result.problems.slice(0, 5).map(describeRowProblem).join('; ')}`,
    );
  };
  for (const { file, academicYear } of KS2_FILES) {
    const result = await importKs2(db, read(file), { academicYear });
    if (!result.ok) fail(file, result);
    else log(`KS2 results from ${file}: ${result.inserted} new, ${result.unknownUrns} schools not in the list`);
  }
  const ofsted = await importOfsted(db, read(OFSTED_FILE));
  if (!ofsted.ok) fail(OFSTED_FILE, ofsted);
  else log(`Ofsted inspections: ${ofsted.inserted} new, ${ofsted.unknownUrns} schools not in the list`);
}
