import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { BackLink } from '../components/BackLink';
import { BarChart } from '../components/BarChart';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { Select } from '../components/Select';
import { Table } from '../components/Table';
import { TextInput } from '../components/TextInput';
import { WarningText } from '../components/WarningText';
import { fieldError, parseForm, parseQuery } from '../forms/parse-form';
import { budgetForm, budgetYearChoices, budgetYearQuery, type BudgetTableKey } from '../improvement/budget-form';
import { BudgetTableView } from '../improvement/BudgetTableView';
import { currentPlacementYear } from '../improvement/categories.server';
import {
  canBudget,
  costServiceIds,
  improvementBudget,
  requireBudgetAccess,
  setImprovementBudget,
} from '../improvement/improvement-budget.server';
import { formatPence, penceToPoundsText } from '../money';
import { academicYearLabel } from '../performance/academic-year';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'School improvement budget' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireBudgetAccess(request, params.tenant, 'read');
  const current = currentPlacementYear();
  const parsed = parseQuery(budgetYearQuery(current), request);
  const year = parsed.ok ? parsed.data.year : current;
  const budget = await improvementBudget(ctx, year);
  const page = {
    slug: ctx.tenant.slug,
    errors: parsed.ok ? [] : parsed.errors,
    year,
    choices: budgetYearChoices(year, current),
    canSet: canBudget(ctx, 'set'),
    ...budget,
  };
  return parsed.ok ? page : data(page, { status: 400 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireBudgetAccess(request, params.tenant, 'set');
  const parsed = parseForm(budgetForm(currentPlacementYear(), await costServiceIds(ctx)), await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await setImprovementBudget(ctx, parsed.data);
  if (!result.ok)
    return data(
      {
        errors: [
          {
            field: 'budget',
            message: 'Someone else set this budget while you were changing it: check the budget below and set it again',
          },
        ],
        values: parsed.values,
      },
      { status: 409 },
    );
  return redirect(`/t/${ctx.tenant.slug}/schools/budget?year=${parsed.data.academicYear}&saved=1`);
}

const pounds = (pence: number) => formatPence(pence);

export default function ImprovementBudget() {
  const {
    slug,
    errors: yearErrors,
    year,
    choices,
    canSet,
    current,
    versions,
    services,
    costService,
    position,
    tables,
    charts,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const label = academicYearLabel(year);
  const base = `/t/${slug}/schools/budget`;
  const csv = (table: BudgetTableKey) => `${base}.csv?table=${table}&year=${year}`;
  const basis = current
    ? current.costServiceId
      ? `service:${current.costServiceId}`
      : current.costPerDayPence !== null
        ? 'day'
        : 'none'
    : (services[0] && `service:${services[0].id}`) || 'day';
  const overspent = position.remainingPence !== null && position.remainingPence < 0;
  return (
    <>
      <BackLink href={`/t/${slug}/schools`}>Back to schools</BackLink>
      <ErrorSummary errors={[...yearErrors, ...errors]} />
      {params.get('saved') ? <NotificationBanner type="success" heading={`Budget for ${label} saved`} /> : null}
      <span className="govuk-caption-l">{label} academic year</span>
      <h1 className="govuk-heading-l">School improvement budget</h1>
      <p className="govuk-body">
        Spent is the cost of the core days your visits have drawn from schools&rsquo; funded entitlement, and the
        brokered support the council funds for the days the school has confirmed. Committed is what is promised and not
        yet delivered: the core days placed schools still have for the year, and brokered days agreed but not yet
        confirmed. Remaining is the budget less both.
      </p>
      <form method="get" action={base} noValidate className="govuk-!-margin-bottom-6">
        <Select
          name="year"
          label="Academic year"
          items={choices.map((y) => ({ value: String(y), label: academicYearLabel(y) }))}
          defaultValue={String(year)}
          error={fieldError(yearErrors, 'year')}
        />
        <Button variant="secondary">Show year</Button>
      </form>

      {!current ? (
        <p className="govuk-body">No budget is set for {label} yet.</p>
      ) : position.costPerDayPence === null ? (
        <WarningText>
          There is no cost for a core day: core days are counted but not costed. Choose a service whose cost prices a
          day, or set a cost per day.
        </WarningText>
      ) : (
        <p className="govuk-body">
          A core day costs {formatPence(position.costPerDayPence)}
          {costService ? ` (the cost of a day of ${costService.name})` : ' (set here)'}.
        </p>
      )}
      {overspent ? (
        <WarningText>
          Spent and committed are {formatPence(-position.remainingPence!)} more than the budget for {label}.
        </WarningText>
      ) : null}

      <h2 className="govuk-heading-m">Budget, spent, committed and remaining</h2>
      <BarChart
        id="budget-summary-chart"
        title={`Budget against spend, ${label} academic year`}
        description={`Bar chart of the budget, what is spent, what is committed and what ${overspent ? 'is overspent' : 'remains'}. The table "${tables.summary.caption}" below gives the same numbers.`}
        categories={charts.summary.categories}
        series={charts.summary.series}
        formatValue={pounds}
      />
      <BudgetTableView table={tables.summary} csvHref={csv('summary')} />

      <h2 className="govuk-heading-m">By category of support</h2>
      <BudgetTableView table={tables['by-category']} csvHref={csv('by-category')} />

      <h2 className="govuk-heading-m">By month</h2>
      <BarChart
        id="budget-by-month-chart"
        title={`Spent by month, ${label} academic year`}
        description={`Bar chart of the cost of core days and of brokered support in each month from September to August. The table "${tables['by-month'].caption}" below gives the same numbers with the days.`}
        categories={charts.byMonth.categories}
        series={charts.byMonth.series}
        formatValue={pounds}
      />
      <BudgetTableView table={tables['by-month']} csvHref={csv('by-month')} />

      {canSet ? (
        <>
          <h2 className="govuk-heading-m">Set the budget for {label}</h2>
          <form method="post" action={`${base}?year=${year}`} noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="academicYear" value={String(year)} />
            <TextInput
              name="budget"
              label="Budget for the year, in pounds"
              hint="What the council funds for school improvement in the academic year, for example 420000.00"
              width="10"
              inputMode="decimal"
              defaultValue={values.budget ?? (current ? penceToPoundsText(current.budgetPence) : '')}
              error={fieldError(errors, 'budget')}
            />
            <Radios
              name="costBasis"
              legend="How a core day is costed"
              hint="A service's cost is its cost per unit for the financial year, or else its cost model, as income and cost recovery read it"
              items={[
                ...services.map((s) => ({
                  value: `service:${s.id}`,
                  label: `By the cost of ${s.name}`,
                  hint:
                    s.dayCostPence === null ? 'No cost set for this service' : `${formatPence(s.dayCostPence)} a day`,
                })),
                { value: 'day', label: 'By a cost per day I set' },
                { value: 'none', label: 'Not costed' },
              ]}
              defaultValue={values.costBasis ?? basis}
              error={fieldError(errors, 'costBasis')}
            />
            <TextInput
              name="costPerDay"
              label="Cost of a core day, in pounds (if you set it)"
              hint="Only used when you cost a core day by a cost per day you set, for example 474.09"
              width="10"
              inputMode="decimal"
              defaultValue={
                values.costPerDay ??
                (current?.costPerDayPence !== null && current?.costPerDayPence !== undefined
                  ? penceToPoundsText(current.costPerDayPence)
                  : '')
              }
              error={fieldError(errors, 'costPerDay')}
            />
            <Button>Save budget</Button>
          </form>
        </>
      ) : null}

      {versions.length > 0 ? (
        <Table
          caption={`Changes to the budget for ${label}`}
          captionClassName="govuk-table__caption--m"
          head={['Set on', 'By', 'Budget', 'Core day costed by']}
          rows={versions.map((v) => [
            new Date(v.setAt).toLocaleString('en-GB', {
              timeZone: 'Europe/London',
              dateStyle: 'medium',
              timeStyle: 'short',
            }),
            v.setBy,
            formatPence(v.budgetPence),
            v.costServiceName ??
              (v.costPerDayPence !== null ? `${formatPence(v.costPerDayPence)} a day` : 'Not costed'),
          ])}
        />
      ) : null}
    </>
  );
}
