import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { statementDownload, statementFileStem } from '../debt/statement-download.server';
import { renderStatementPdf } from '../debt/statement-pdf.server';
import { isUuid } from '../forms/ids';

/** The customer's statement of account as a PDF; another provider's customer is not found. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.accountId)) throw notFound();
  const statement = await statementDownload(ctx, params.accountId);
  const pdf = await renderStatementPdf(statement);
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="${statementFileStem(statement.account.name, statement.today)}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
