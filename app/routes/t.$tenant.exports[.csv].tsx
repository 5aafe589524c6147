import type { LoaderFunctionArgs } from '@remix-run/node';
import { withTenant } from '../../db/scope.server';
import { requireTenantMember } from '../auth/guards.server';
import { exportCsv } from '../exports/export-csv.server';
import { exportDownload } from '../exports/export-response.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'orders.view');
  return exportDownload(request, ctx.tenant.name, `/t/${ctx.tenant.slug}/exports`, (what, range) =>
    withTenant(ctx, (tx) => exportCsv(tx, what, { tenantId: ctx.tenantId, ...range })),
  );
}
