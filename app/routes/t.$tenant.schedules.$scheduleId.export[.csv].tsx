import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { isUuid } from '../forms/ids';
import { exportScheduleCsv } from '../pricing/import-schedule.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.view');
  if (!isUuid(params.scheduleId)) throw notFound();
  const { csv, filename } = await exportScheduleCsv(ctx, params.scheduleId);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
