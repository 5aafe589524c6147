import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { notFound } from '../auth/guards.server';
import { parseQuery } from '../forms/parse-form';
import { BUDGET_TABLES, budgetCsvQuery } from '../improvement/budget-form';
import { budgetCsv, budgetCsvFilename } from '../improvement/budget-csv.server';
import { currentPlacementYear } from '../improvement/categories.server';
import { improvementBudget, requireBudgetAccess } from '../improvement/improvement-budget.server';

/** `?table=summary|by-category|by-month&year=2027`: one table of the school improvement budget page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireBudgetAccess(request, params.tenant, 'read');
  const query = new URL(request.url).searchParams;
  if (!(BUDGET_TABLES as readonly string[]).includes(query.get('table') ?? '')) throw notFound();
  const parsed = parseQuery(budgetCsvQuery(currentPlacementYear()), request);
  // A year that makes no sense goes back to the page, which says what to fix.
  if (!parsed.ok)
    throw redirect(`/t/${ctx.tenant.slug}/schools/budget?${new URLSearchParams({ year: query.get('year') ?? '' })}`);
  const { tables } = await improvementBudget(ctx, parsed.data.year);
  const table = tables[parsed.data.table];
  return new Response(budgetCsv(table), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${budgetCsvFilename(ctx.tenant.name, table.key, parsed.data.year)}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
