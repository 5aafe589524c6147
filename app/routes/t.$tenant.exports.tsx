import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireTenantMember } from '../auth/guards.server';
import type { TitleHandle } from '../components/document-title';
import { exportPage } from '../exports/export-response.server';
import { ExportForm, type ExportPageData } from '../exports/ExportForm';

export const handle: TitleHandle = { title: 'Download records' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'orders.view');
  return exportPage(request, ctx.tenant.name, `/t/${ctx.tenant.slug}/exports.csv`);
}

export default function ProviderExports() {
  return <ExportForm {...(useLoaderData<typeof loader>() as ExportPageData)} />;
}
