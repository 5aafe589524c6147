import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData, useSearchParams } from '@remix-run/react';
import { requireTenantMember } from '../auth/guards.server';
import { BackLink } from '../components/BackLink';
import { BarChart } from '../components/BarChart';
import { Button } from '../components/Button';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Select } from '../components/Select';
import { fieldError, parseQuery } from '../forms/parse-form';
import { IncomeTable } from '../income/IncomeTable';
import { incomeReport } from '../income/income-report.server';
import type { IncomeTableKey } from '../income/income-tables';
import { currentFinancialYear, yearChoices, yearQuery } from '../income/year-form';
import { formatPence } from '../money';

export const handle: TitleHandle = { title: 'Income and cost recovery' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const parsed = parseQuery(yearQuery, request);
  const year = parsed.ok ? parsed.data.year : currentFinancialYear();
  const page = {
    slug: ctx.tenant.slug,
    errors: parsed.ok ? [] : parsed.errors,
    choices: yearChoices(year),
    ...(await incomeReport(ctx, year)),
  };
  return parsed.ok ? page : data(page, { status: 400 });
}

const pounds = (pence: number) => formatPence(pence);
const count = (n: number) => String(n);

export default function Income() {
  const { slug, errors, choices, year, before, tables, charts } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const base = `/t/${slug}/finance/income`;
  const csv = (table: IncomeTableKey) => `${base}.csv?table=${table}&year=${year.startYear}`;
  return (
    <>
      <BackLink href={`/t/${slug}/finance`}>Back to finance</BackLink>
      <ErrorSummary errors={errors} />
      {params.get('saved') ? <NotificationBanner type="success" heading="Budgets and costs saved" /> : null}
      <span className="govuk-caption-l">{year.label} financial year</span>
      <h1 className="govuk-heading-l">Income and cost recovery</h1>
      <p className="govuk-body">
        Income is the net (before VAT) of final invoices and recharges, less credit notes, by the month of their tax
        point. Lines billed without a service count as Other.
      </p>
      <form method="get" action={base} noValidate className="govuk-!-margin-bottom-6">
        <Select
          name="year"
          label="Financial year"
          items={choices.map((y) => ({ value: String(y), label: `${y}/${String((y + 1) % 100).padStart(2, '0')}` }))}
          defaultValue={String(year.startYear)}
          error={fieldError(errors, 'year')}
        />
        <Button variant="secondary">Show year</Button>
      </form>

      <h2 className="govuk-heading-m">Income by service and month</h2>
      {tables['by-month'].rows.length > 0 ? (
        <BarChart
          id="income-by-month-chart"
          title={`Income by month, ${year.label} financial year`}
          description={`Bar chart of income across all services in each month from April to March. The table "${tables['by-month'].caption}" below gives the same numbers by service.`}
          categories={charts.byMonth.categories}
          series={charts.byMonth.series}
          formatValue={pounds}
        />
      ) : null}
      <IncomeTable table={tables['by-month']} csvHref={csv('by-month')} emptyText="No income in this year yet." />

      <h2 className="govuk-heading-m">Cost recovery and budget against actual</h2>
      <p className="govuk-body">
        Recovery is income as a percentage of the cost of delivering the service: its yearly cost plus its cost per unit
        for each unit delivered in the year.{' '}
        <a className="govuk-link" href={`${base}/budgets?year=${year.startYear}`}>
          Set budgets and costs for {year.label}
        </a>
      </p>
      {charts.recovery.categories.length > 0 ? (
        <BarChart
          id="recovery-chart"
          title={`Income, cost and income budget by service, ${year.label} financial year`}
          description={`Bar chart comparing each service's income with its cost and its income budget. The table "${tables.recovery.caption}" below gives the same numbers, with the recovery percentage.`}
          categories={charts.recovery.categories}
          series={charts.recovery.series}
          formatValue={pounds}
        />
      ) : null}
      <IncomeTable
        table={tables.recovery}
        csvHref={csv('recovery')}
        emptyText="No service has income, a budget or a cost in this year yet."
      />

      <h2 className="govuk-heading-m">Take-up by school</h2>
      <p className="govuk-body">
        What each customer ordered (lines accepted and not cancelled), counted in the financial year its contract year
        starts in.
      </p>
      {charts.takeUp.categories.length > 0 ? (
        <BarChart
          id="take-up-chart"
          title={`Customers buying each service, ${before.label} and ${year.label}`}
          description={`Bar chart of how many customers bought each service in ${before.label} and in ${year.label}. The table "${tables['take-up-by-service'].caption}" below gives the same numbers.`}
          categories={charts.takeUp.categories}
          series={charts.takeUp.series}
          formatValue={count}
        />
      ) : null}
      <IncomeTable
        table={tables['take-up-by-service']}
        csvHref={csv('take-up-by-service')}
        emptyText={`No customer ordered in ${before.label} or ${year.label}.`}
      />
      <IncomeTable
        table={tables['take-up']}
        csvHref={csv('take-up')}
        emptyText={`No customer has ordered for ${year.label} yet.`}
      />

      <h2 className="govuk-heading-m">Stopped buying</h2>
      <IncomeTable
        table={tables.stopped}
        csvHref={csv('stopped')}
        emptyText={`Every customer who bought a service in ${before.label} has bought it again in ${year.label}.`}
      />
    </>
  );
}
