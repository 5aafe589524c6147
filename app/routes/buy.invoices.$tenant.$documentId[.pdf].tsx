import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requireBuyer } from '../auth/guards.server';
import { documentForBuyer } from '../billing/document-detail.server';
import { pdfResponse } from '../billing/document-pdf.server';
import { isUuid } from '../forms/ids';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.view');
  if (!params.tenant || !isUuid(params.documentId)) throw notFound();
  const { document } = await documentForBuyer(ctx, params.tenant, params.documentId);
  return pdfResponse(document);
}
