import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { withBuyer } from '../../db/scope.server';
import { requireBuyer } from '../auth/guards.server';
import type { TitleHandle } from '../components/document-title';
import { exportCsv } from '../exports/export-csv.server';
import { exportResponse } from '../exports/export-response.server';
import { ExportForm, type ExportPageData } from '../exports/ExportForm';

export const handle: TitleHandle = { title: 'Download records' };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.view');
  return exportResponse(request, ctx.organisationName, (what, range) =>
    withBuyer(ctx, (tx) => exportCsv(tx, what, { tenantId: null, ...range })),
  );
}

export default function BuyerExports() {
  return <ExportForm {...(useLoaderData<typeof loader>() as ExportPageData)} />;
}
