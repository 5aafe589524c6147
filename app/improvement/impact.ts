import type {
  BrokeredRow,
  DeliverySum,
  FeedbackRow,
  PlacementSum,
  ResultRow,
  ReviewSum,
  VisitSum,
} from '../../db/queries/improvement-impact';
import { concernsFor, type ThresholdValues } from '../performance/results-view';

/**
 * Impact held to account: for each school and academic year, the category it was in, the support
 * it was given and by whom, and its Key Stage 2 results before the year and at its end. "Before"
 * is the latest result from an earlier year (what the category was decided on); "after" is the
 * result of the year of support itself, the first taken after it. Pure: the pages read the rows.
 */

export interface ImpactRows {
  placements: PlacementSum[];
  visits: VisitSum[];
  deliveries: DeliverySum[];
  feedback: FeedbackRow[];
  brokered: BrokeredRow[];
  reviews: ReviewSum[];
  results: ResultRow[];
}

export type ResultChange = 'rose' | 'fell' | 'same' | 'unknown';

/** Brokered support that came to nothing: its order was not taken up. */
const ENDED_LINES = new Set(['cancelled', 'declined', 'rejected']);
export const brokerageCounts = (b: BrokeredRow) => b.lineStatus === null || !ENDED_LINES.has(b.lineStatus);

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** An average rating to one decimal place, or null with no ratings. */
export function averageRating(total: number, count: number): number | null {
  return count === 0 ? null : Math.round((total * 10) / count) / 10;
}

export function resultsAround(results: ResultRow[], urn: number, year: number) {
  const own = results.filter((r) => r.urn === urn);
  const before = own.filter((r) => r.academicYear < year).sort((a, b) => b.academicYear - a.academicYear)[0] ?? null;
  const after = own.find((r) => r.academicYear === year) ?? null;
  return { before, after, change: changeOf(before, after) };
}

/** Whether the share of pupils at the expected standard rose or fell from before to after. */
export function changeOf(before: ResultRow | null, after: ResultRow | null): ResultChange {
  if (before?.ptrwmExp == null || after?.ptrwmExp == null) return 'unknown';
  if (after.ptrwmExp > before.ptrwmExp) return 'rose';
  if (after.ptrwmExp < before.ptrwmExp) return 'fell';
  return 'same';
}

const key = (urn: number, year: number) => `${urn}:${year}`;

/** One school's impact, newest academic year first: every year it was placed or given support. */
export function schoolImpact(rows: ImpactRows, urn: number, thresholds: ThresholdValues) {
  const mine = <T extends { urn: number }>(list: T[]) => list.filter((r) => r.urn === urn);
  const years = new Set<number>();
  for (const list of [rows.placements, rows.visits, rows.deliveries, rows.feedback, rows.brokered, rows.reviews])
    for (const r of mine(list as Array<{ urn: number; academicYear: number }>)) years.add(r.academicYear);
  return [...years]
    .sort((a, b) => b - a)
    .map((year) => {
      const inYear = <T extends { urn: number; academicYear: number }>(list: T[]) =>
        list.filter((r) => r.urn === urn && r.academicYear === year);
      const placement = inYear(rows.placements)[0] ?? null;
      const visits = inYear(rows.visits);
      const feedback = inYear(rows.feedback);
      const review = inYear(rows.reviews)[0] ?? null;
      const { before, after, change } = resultsAround(rows.results, urn, year);
      return {
        academicYear: year,
        category: placement ? { level: placement.level, name: placement.categoryName, reason: placement.reason } : null,
        council: {
          visits: sum(visits.map((v) => v.visits)),
          daysHundredths: sum(visits.map((v) => v.daysHundredths)),
          fundedHundredths: sum(visits.map((v) => v.fundedHundredths)),
          tradedHundredths: sum(visits.map((v) => v.tradedHundredths)),
          practitioners: [...new Set(visits.map((v) => v.practitioner ?? 'Someone no longer listed'))].sort(),
        },
        tradedHundredths: sum(inYear(rows.deliveries).map((d) => d.daysHundredths)),
        brokered: inYear(rows.brokered).map((b) => ({
          reference: b.reference,
          provider: b.provider,
          serviceName: b.serviceName,
          daysHundredths: b.daysHundredths,
          confirmedHundredths: b.confirmedHundredths,
          fundedBy: b.fundedBy,
          lineStatus: b.lineStatus,
          feedbackCount: b.feedbackCount,
          averageRating: averageRating(b.ratingSum, b.feedbackCount),
        })),
        feedback: {
          count: feedback.length,
          averageRating: averageRating(sum(feedback.map((f) => f.rating)), feedback.length),
          whatChanged: feedback
            .filter((f) => f.whatChanged.trim())
            .map((f) => ({ givenOn: f.givenOn, rating: f.rating, text: f.whatChanged.trim() })),
        },
        reviews: review
          ? {
              reviews: review.reviews,
              actions: review.actions,
              completed: review.completed,
              overdue: review.overdue,
              open: review.actions - review.completed,
            }
          : { reviews: 0, actions: 0, completed: 0, overdue: 0, open: 0 },
        before,
        after,
        change,
        afterConcerns: after ? concernsFor(after, thresholds) : null,
      };
    });
}

export interface ProviderImpact {
  id: string;
  name: string;
  own: boolean;
  schools: number;
  daysHundredths: number;
  feedbackCount: number;
  averageRating: number | null;
  rose: number;
  fell: number;
  same: number;
  unknown: number;
}

function outcomes(pairs: Set<string>, results: ResultRow[]) {
  const counts = { rose: 0, fell: 0, same: 0, unknown: 0 };
  for (const pair of pairs) {
    const [urn, year] = pair.split(':').map(Number) as [number, number];
    counts[resultsAround(results, urn, year).change]++;
  }
  return counts;
}

/**
 * Impact and feedback by provider: the council itself (its visits and traded days) first, then
 * each provider it brokered support from. A school counts once per year it was supported; its
 * results rose or fell from before that year to the year's end.
 */
export function providerImpact(rows: ImpactRows, council: { id: string; name: string }): ProviderImpact[] {
  const ownPairs = new Set<string>();
  for (const v of rows.visits) if (v.daysHundredths > 0) ownPairs.add(key(v.urn, v.academicYear));
  for (const d of rows.deliveries) if (d.daysHundredths > 0) ownPairs.add(key(d.urn, d.academicYear));
  const ownRatings = rows.feedback.map((f) => f.rating);
  const own: ProviderImpact = {
    id: council.id,
    name: council.name,
    own: true,
    schools: new Set([...ownPairs].map((p) => p.split(':')[0])).size,
    daysHundredths: sum(rows.visits.map((v) => v.daysHundredths)) + sum(rows.deliveries.map((d) => d.daysHundredths)),
    feedbackCount: ownRatings.length,
    averageRating: averageRating(sum(ownRatings), ownRatings.length),
    ...outcomes(ownPairs, rows.results),
  };
  const byProvider = new Map<string, BrokeredRow[]>();
  for (const b of rows.brokered.filter(brokerageCounts))
    byProvider.set(b.providerId, [...(byProvider.get(b.providerId) ?? []), b]);
  const brokered = [...byProvider.values()]
    .map((list): ProviderImpact => {
      const pairs = new Set(list.map((b) => key(b.urn, b.academicYear)));
      const count = sum(list.map((b) => b.feedbackCount));
      return {
        id: list[0]!.providerId,
        name: list[0]!.provider,
        own: false,
        schools: new Set(list.map((b) => b.urn)).size,
        daysHundredths: sum(list.map((b) => b.confirmedHundredths)),
        feedbackCount: count,
        averageRating: averageRating(sum(list.map((b) => b.ratingSum)), count),
        ...outcomes(pairs, rows.results),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return [own, ...brokered];
}

export interface PractitionerImpact {
  id: string;
  name: string;
  schools: number;
  visits: number;
  visitHundredths: number;
  deliveryHundredths: number;
  feedbackCount: number;
  averageRating: number | null;
}

/** The council's practitioners: their visits, their other traded delivery days, and feedback on lines they delivered. */
export function practitionerImpact(rows: ImpactRows): PractitionerImpact[] {
  const people = new Map<string, PractitionerImpact & { urns: Set<number>; ratings: number[] }>();
  const person = (id: string, name: string | null) => {
    let p = people.get(id);
    if (!p) {
      p = {
        id,
        name: name ?? 'Someone no longer listed',
        schools: 0,
        visits: 0,
        visitHundredths: 0,
        deliveryHundredths: 0,
        feedbackCount: 0,
        averageRating: null,
        urns: new Set(),
        ratings: [],
      };
      people.set(id, p);
    }
    return p;
  };
  for (const v of rows.visits) {
    const p = person(v.practitionerId, v.practitioner);
    p.visits += v.visits;
    p.visitHundredths += v.daysHundredths;
    p.urns.add(v.urn);
  }
  for (const d of rows.deliveries) {
    const p = person(d.practitionerId, d.practitioner);
    p.deliveryHundredths += d.daysHundredths;
    p.urns.add(d.urn);
  }
  for (const f of rows.feedback)
    for (const id of f.practitionerIds) {
      const p = people.get(id);
      if (p) p.ratings.push(f.rating);
    }
  return [...people.values()]
    .map(({ urns, ratings, ...p }) => ({
      ...p,
      schools: urns.size,
      feedbackCount: ratings.length,
      averageRating: averageRating(sum(ratings), ratings.length),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Only the rows of one academic year (null: every year). */
export function inYear(rows: ImpactRows, year: number | null): ImpactRows {
  if (year === null) return rows;
  const of = <T extends { academicYear: number }>(list: T[]) => list.filter((r) => r.academicYear === year);
  return {
    placements: of(rows.placements),
    visits: of(rows.visits),
    deliveries: of(rows.deliveries),
    feedback: of(rows.feedback),
    brokered: of(rows.brokered),
    reviews: of(rows.reviews),
    results: rows.results,
  };
}
