import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { requireTenantMember } from '../auth/guards.server';
import { agedDebtCsv, agedDebtFileName } from '../debt/aged-debt-csv';
import { agedDebtReport } from '../debt/aged-debt-report.server';
import { readAsOf } from '../debt/as-of';

/** The aged debt report as a CSV download; a date that is not one goes back to the page to fix. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const read = readAsOf(request);
  if (!read.ok) throw redirect(`/t/${ctx.tenant.slug}/finance/aged-debt${new URL(request.url).search}`);
  const report = await agedDebtReport(ctx, read.asOf);
  return new Response(agedDebtCsv(report), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${agedDebtFileName(ctx.tenant.slug, report.asOf)}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
