/**
 * Aged debt's one rule: how many days past its due date a document is, and which age that falls
 * in. "Current" is not yet due (due today or later). The SQL in db/queries/aged-debt.ts is built
 * from these bounds, so the page, the CSV, the PDF and the benchmark age alike.
 */
export const AGE_BUCKETS = [
  { key: 'current', label: 'Current', fromDays: null, toDays: 0 },
  { key: 'days1to30', label: '1 to 30 days', fromDays: 1, toDays: 30 },
  { key: 'days31to60', label: '31 to 60 days', fromDays: 31, toDays: 60 },
  { key: 'days61to90', label: '61 to 90 days', fromDays: 61, toDays: 90 },
  { key: 'over90', label: 'Over 90 days', fromDays: 91, toDays: null },
] as const satisfies ReadonlyArray<{ key: string; label: string; fromDays: number | null; toDays: number | null }>;

export type AgeBucket = (typeof AGE_BUCKETS)[number];
export type AgeBucketKey = AgeBucket['key'];
export type AgedAmounts = Record<AgeBucketKey, number>;

/** The age of a document `daysPastDue` days past its due date (zero or less: not yet due). */
export function ageBucketOf(daysPastDue: number): AgeBucket {
  if (!Number.isInteger(daysPastDue)) throw new RangeError(`Days past due must be whole, got ${daysPastDue}`);
  const bucket = AGE_BUCKETS.find(
    (b) => (b.fromDays === null || daysPastDue >= b.fromDays) && (b.toDays === null || daysPastDue <= b.toDays),
  );
  if (!bucket) throw new RangeError(`No age for ${daysPastDue} days`);
  return bucket;
}

export function noAmounts(): AgedAmounts {
  return { current: 0, days1to30: 0, days31to60: 0, days61to90: 0, over90: 0 };
}

/** Whole days from `due` to `asOf` (ISO dates): 0 on the due date, negative before it. */
export function daysPastDue(due: string, asOf: string): number {
  return Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / 86_400_000);
}
