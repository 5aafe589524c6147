import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { withTenant } from '../../db/scope.server';
import { requireTenantMember } from '../auth/guards.server';
import type { TitleHandle } from '../components/document-title';
import { exportCsv } from '../exports/export-csv.server';
import { exportResponse } from '../exports/export-response.server';
import { ExportForm, type ExportPageData } from '../exports/ExportForm';

export const handle: TitleHandle = { title: 'Download records' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'orders.view');
  return exportResponse(request, ctx.tenant.name, (what, range) =>
    withTenant(ctx, (tx) => exportCsv(tx, what, { tenantId: ctx.tenantId, ...range })),
  );
}

export default function ProviderExports() {
  return <ExportForm {...(useLoaderData<typeof loader>() as ExportPageData)} />;
}
