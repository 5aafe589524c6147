import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound } from '../auth/guards.server';
import { csvDocument } from '../forms/csv-file';
import { requireCouncilImprovement } from '../improvement/categories.server';
import { impactByProvider } from '../improvement/impact.server';
import {
  PRACTITIONER_HEAD,
  PROVIDER_HEAD,
  practitionerRows,
  providerRows,
  yearAsked,
} from '../improvement/impact-tables';

/** The managers' impact tables as spreadsheets: the same rows as the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, 'improvement.manage');
  const table = new URL(request.url).searchParams.get('table');
  if (table !== 'providers' && table !== 'practitioners') throw notFound();
  const year = yearAsked(request);
  const found = await impactByProvider(ctx, year);
  const csv =
    table === 'providers'
      ? csvDocument(PROVIDER_HEAD, providerRows(found.providers))
      : csvDocument(PRACTITIONER_HEAD, practitionerRows(found.practitioners));
  const period = year ? `${year - 1}-${String(year % 100).padStart(2, '0')}` : 'every-year';
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${ctx.tenant.slug}-impact-by-${table === 'providers' ? 'provider' : 'practitioner'}-${period}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
