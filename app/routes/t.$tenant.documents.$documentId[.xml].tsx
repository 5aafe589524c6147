import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { providerEInvoice } from '../einvoice/download-einvoice.server';
import { isUuid } from '../forms/ids';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.documentId)) throw notFound();
  return providerEInvoice(ctx, params.documentId);
}
