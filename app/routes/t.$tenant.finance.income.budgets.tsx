import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { Select } from '../components/Select';
import { TextInput } from '../components/TextInput';
import { fieldError, parseForm, parseQuery } from '../forms/parse-form';
import { budgetFields, budgetForm, budgetInputs, budgetWords } from '../income/budget-form';
import { financialYear } from '../income/income-tables';
import { budgetsFor, setServiceBudgets } from '../income/set-service-budgets.server';
import { currentFinancialYear, yearChoices, yearQuery } from '../income/year-form';
import { penceToPoundsText } from '../money';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Budgets and costs' };

// Finance sets budgets: the figures are the finance officer's plan, so 'finance.manage' as on the
// income page they feed (a tenant admin has it too).
const PERMISSION = 'finance.manage';

function chosenYear(request: Request) {
  const parsed = parseQuery(yearQuery, request);
  return { year: parsed.ok ? parsed.data.year : currentFinancialYear(), errors: parsed.ok ? [] : parsed.errors };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, PERMISSION);
  const { year, errors } = chosenYear(request);
  const page = {
    slug: ctx.tenant.slug,
    year: financialYear(year),
    choices: yearChoices(year),
    services: await budgetsFor(ctx, year),
    errors,
  };
  return errors.length ? data(page, { status: 400 }) : page;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, PERMISSION);
  const { year, errors: yearErrors } = chosenYear(request);
  if (yearErrors.length) return data({ errors: yearErrors, values: {} as Record<string, string> }, { status: 400 });
  const services = await budgetsFor(ctx, year);
  const parsed = parseForm(budgetForm(services), await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  await setServiceBudgets(ctx, year, budgetInputs(services, parsed.data));
  return redirect(`/t/${ctx.tenant.slug}/finance/income?year=${year}&saved=1`);
}

const amount = (pence: number | null) => (pence === null ? '' : penceToPoundsText(pence));

export default function Budgets() {
  const { slug, year, choices, services, errors: yearErrors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const base = `/t/${slug}/finance/income`;
  const shown = (field: string, pence: number | null) => values[field] ?? amount(pence);
  return (
    <>
      <BackLink href={`${base}?year=${year.startYear}`}>Back to income and cost recovery</BackLink>
      <ErrorSummary errors={[...yearErrors, ...errors]} />
      <span className="govuk-caption-l">{year.label} financial year</span>
      <h1 className="govuk-heading-l">Budgets and costs</h1>
      <form method="get" action={`${base}/budgets`} noValidate className="govuk-!-margin-bottom-6">
        <Select
          name="year"
          label="Financial year"
          items={choices.map((y) => ({ value: String(y), label: `${y}/${String((y + 1) % 100).padStart(2, '0')}` }))}
          defaultValue={String(year.startYear)}
          error={fieldError(yearErrors, 'year')}
        />
        <Button variant="secondary">Show year</Button>
      </form>
      {services.length === 0 ? (
        <p className="govuk-body">
          There are no services yet.{' '}
          <a className="govuk-link" href={`/t/${slug}/services/new`}>
            Add a service
          </a>{' '}
          to set its budget.
        </p>
      ) : (
        <form method="post" action={`${base}/budgets?year=${year.startYear}`} noValidate>
          <CsrfInput token={csrf} />
          <p className="govuk-body">
            For each service, what you expect it to earn in the year and what delivering it costs: a yearly cost (staff,
            on-costs, overheads) and, if you cost by the unit, a cost for each unit delivered. Leave blank what is not
            set. Amounts are in pounds, before VAT.
          </p>
          {services.map((s) => {
            const fields = budgetFields(s.id);
            const words = budgetWords(s);
            return (
              <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={s.id}>
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
                  <h2 className="govuk-fieldset__heading">
                    {s.name} <span className="govuk-caption-s">{s.code}</span>
                  </h2>
                </legend>
                <TextInput
                  name={fields.budget}
                  label={`Income budget for ${s.name}, in pounds`}
                  width="10"
                  inputMode="decimal"
                  defaultValue={shown(fields.budget, s.incomeBudgetPence)}
                  error={fieldError(errors, fields.budget)}
                />
                <TextInput
                  name={fields.cost}
                  label={`Yearly cost of ${s.name}, in pounds`}
                  width="10"
                  inputMode="decimal"
                  defaultValue={shown(fields.cost, s.costPence)}
                  error={fieldError(errors, fields.cost)}
                />
                <TextInput
                  name={fields.unitCost}
                  label={`${words.unitCost[4]!.toUpperCase()}${words.unitCost.slice(5)}, in pounds (optional)`}
                  hint="Leave blank to cost each unit delivered by the service's own cost model, where it has one"
                  width="10"
                  inputMode="decimal"
                  defaultValue={shown(fields.unitCost, s.costPerUnitPence)}
                  error={fieldError(errors, fields.unitCost)}
                />
              </fieldset>
            );
          })}
          <Button>Save budgets and costs</Button>
        </form>
      )}
    </>
  );
}
