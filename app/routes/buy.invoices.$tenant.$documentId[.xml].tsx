import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requireBuyer } from '../auth/guards.server';
import { buyerEInvoice } from '../einvoice/download-einvoice.server';
import { isUuid } from '../forms/ids';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.view');
  if (!params.tenant || !isUuid(params.documentId)) throw notFound();
  return buyerEInvoice(ctx, params.tenant, params.documentId);
}
