import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireBuyer } from '../auth/guards.server';
import { statementCsv } from '../debt/statement-csv';
import { statementFileStem } from '../debt/statement-download.server';
import { buyerStatements } from '../payments/statement.server';

/** The buyer's statements with every provider as one CSV download; only its own, by row-level security. */
export async function loader({ request }: LoaderFunctionArgs) {
  const buyer = await requireBuyer(request);
  const { today, providers } = await buyerStatements(buyer);
  const csv = statementCsv(providers.flatMap((p) => p.statements));
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${statementFileStem(buyer.organisationName, today)}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
