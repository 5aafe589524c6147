import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { parseQuery } from '../forms/parse-form';
import { incomeCsv, incomeCsvFilename } from '../income/income-csv.server';
import { incomeReport } from '../income/income-report.server';
import { INCOME_TABLES } from '../income/income-tables';
import { csvQuery } from '../income/year-form';

/** `?table=by-month|recovery|take-up-by-service|take-up|stopped&year=2026`: one table of the income page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const query = new URL(request.url).searchParams;
  if (!(INCOME_TABLES as readonly string[]).includes(query.get('table') ?? '')) throw notFound();
  const parsed = parseQuery(csvQuery, request);
  // A year that makes no sense goes back to the page, which says what to fix.
  if (!parsed.ok)
    throw redirect(`/t/${ctx.tenant.slug}/finance/income?${new URLSearchParams({ year: query.get('year') ?? '' })}`);
  const { tables, year } = await incomeReport(ctx, parsed.data.year);
  const table = tables[parsed.data.table];
  return new Response(incomeCsv(table), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${incomeCsvFilename(ctx.tenant.name, table.key, year.label)}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
