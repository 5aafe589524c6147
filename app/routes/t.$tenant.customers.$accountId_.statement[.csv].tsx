import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { statementCsv } from '../debt/statement-csv';
import { statementDownload, statementFileStem } from '../debt/statement-download.server';
import { isUuid } from '../forms/ids';

/** The customer's statement of account as a CSV download; another provider's customer is not found. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.accountId)) throw notFound();
  const statement = await statementDownload(ctx, params.accountId);
  const csv = statementCsv([
    { providerName: statement.provider.name, customerName: statement.account.name, lines: statement.lines },
  ]);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${statementFileStem(statement.account.name, statement.today)}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
