import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { isUuid } from '../forms/ids';
import { batchFile } from '../ledger/ledger-batches.server';

/** The batch's file as it was exported, byte for byte, however often it is downloaded. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.batchId)) throw notFound();
  const file = await batchFile(ctx, params.batchId);
  return new Response(file.file_text, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file.file_name}"`,
      ETag: `"${file.file_sha256}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
