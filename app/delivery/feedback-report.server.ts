import { feedbackByServiceAndPractitioner } from '../../db/queries/delivery';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';

export interface RatingSummary {
  name: string;
  /** The mean rating out of 5, to one decimal place (half up). */
  average: number;
  count: number;
}

/** Mean to one decimal place without floating-point drift: ratings are whole numbers. */
export function averageRating(total: number, count: number): number {
  return Math.round((total * 10) / count) / 10;
}

function summarise(groups: Map<string, { total: number; count: number }>): RatingSummary[] {
  return [...groups]
    .map(([name, g]) => ({ name, average: averageRating(g.total, g.count), count: g.count }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

function add(groups: Map<string, { total: number; count: number }>, key: string, rating: number) {
  const group = groups.get(key) ?? { total: 0, count: 0 };
  group.total += rating;
  group.count += 1;
  groups.set(key, group);
}

/**
 * What buyers said: average ratings by service and by the practitioner assigned to the line (lines
 * nobody was assigned to are grouped as "Nobody assigned"), and every comment, newest first.
 */
export async function feedbackReport(ctx: TenantContext) {
  const rows = await withTenant(ctx, (tx) => feedbackByServiceAndPractitioner(tx, ctx.tenantId));
  const byService = new Map<string, { total: number; count: number }>();
  const byPractitioner = new Map<string, { total: number; count: number }>();
  for (const row of rows) {
    add(byService, `${row.serviceCode} ${row.serviceName}`, row.rating);
    add(byPractitioner, row.practitionerName ?? 'Nobody assigned', row.rating);
  }
  return {
    byService: summarise(byService),
    byPractitioner: summarise(byPractitioner),
    comments: rows
      .filter((row) => row.whatChanged.trim() !== '')
      .map((row) => ({
        service: `${row.serviceCode} ${row.serviceName}`,
        practitioner: row.practitionerName ?? 'Nobody assigned',
        customer: row.buyerName,
        rating: row.rating,
        whatChanged: row.whatChanged,
        givenAt: row.givenAt.toISOString(),
      })),
  };
}
