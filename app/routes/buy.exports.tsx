import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireBuyer } from '../auth/guards.server';
import type { TitleHandle } from '../components/document-title';
import { exportPage } from '../exports/export-response.server';
import { ExportForm, type ExportPageData } from '../exports/ExportForm';

export const handle: TitleHandle = { title: 'Download records' };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.view');
  return exportPage(request, ctx.organisationName, '/buy/exports.csv');
}

export default function BuyerExports() {
  return <ExportForm {...(useLoaderData<typeof loader>() as ExportPageData)} />;
}
