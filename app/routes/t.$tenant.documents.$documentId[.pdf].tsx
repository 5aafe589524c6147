import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { documentForProvider } from '../billing/document-detail.server';
import { pdfResponse } from '../billing/document-pdf.server';
import { isUuid } from '../forms/ids';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.documentId)) throw notFound();
  return pdfResponse(await documentForProvider(ctx, params.documentId));
}
