import type { LoaderFunctionArgs } from '@remix-run/node';
import { withBuyer } from '../../db/scope.server';
import { requireBuyer } from '../auth/guards.server';
import { exportCsv } from '../exports/export-csv.server';
import { exportDownload } from '../exports/export-response.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.view');
  return exportDownload(request, ctx.organisationName, '/buy/exports', (what, range) =>
    withBuyer(ctx, (tx) => exportCsv(tx, what, { tenantId: null, ...range })),
  );
}
