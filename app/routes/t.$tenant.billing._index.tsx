import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { listRuns } from '../billing/billing-run-progress.server';
import { monthLabel, startBillingRun, termLabel, type BillingPeriodChoice } from '../billing/start-billing-run.server';
import { formatDate, isRealDate, londonToday } from '../calendar/contract-year';
import { formatMoment } from '../calendar/format-instant';
import { academicYearOf, TERMS, type Term } from '../calendar/terms';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import { DateInput, dateParts, partsFrom } from '../components/DateInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorMessage } from '../components/ErrorMessage';
import { ErrorSummary } from '../components/ErrorSummary';
import { Select } from '../components/Select';
import { StateTag } from '../components/StateTag';
import { Table } from '../components/Table';
import { isDomainError } from '../errors';
import { fieldError, parseForm, type DateField } from '../forms/parse-form';
import { useCsrfToken } from '../root';
import { BILLING_RUN_STATES } from '../vocabulary';

export const handle: TitleHandle = { title: 'Billing runs' };

/** Months offered: the last twelve and the next two, latest first. */
function monthChoices(today: string) {
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  return Array.from({ length: 15 }, (_, i) => {
    const at = new Date(Date.UTC(y, m - 1 + 2 - i, 1));
    const [year, month] = [at.getUTCFullYear(), at.getUTCMonth() + 1];
    return { value: `${year}-${String(month).padStart(2, '0')}`, label: monthLabel(year, month) };
  });
}

/** Terms offered: this academic year's, last year's and next year's, latest first. */
function termChoices(today: string) {
  const year = academicYearOf(today);
  return [year + 1, year, year - 1].flatMap((academicYear) =>
    [...TERMS].reverse().map((term) => ({ value: `${academicYear}:${term}`, label: termLabel(academicYear, term) })),
  );
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const today = londonToday();
  return {
    slug: ctx.tenant.slug,
    runs: await listRuns(ctx),
    today,
    months: monthChoices(today),
    terms: termChoices(today),
  };
}

const runForm = z
  .object({
    periodKind: z.enum(['month', 'term', 'up_to'], { error: 'Choose what to bill' }),
    month: z.string().default(''),
    term: z.string().default(''),
    upTo: z.string().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.periodKind === 'month' && !/^\d{4}-(0[1-9]|1[0-2])$/.test(v.month))
      ctx.addIssue({ code: 'custom', path: ['month'], message: 'Select the month to bill' });
    if (v.periodKind === 'term' && !/^\d{4}:(autumn|spring|summer)$/.test(v.term))
      ctx.addIssue({ code: 'custom', path: ['term'], message: 'Select the term to bill' });
    if (v.periodKind === 'up_to' && !isRealDate(v.upTo))
      ctx.addIssue({ code: 'custom', path: ['upTo'], message: 'Enter the date to bill up to' });
  });

function choiceOf(form: z.output<typeof runForm>): BillingPeriodChoice {
  if (form.periodKind === 'month')
    return { kind: 'month', year: Number(form.month.slice(0, 4)), month: Number(form.month.slice(5, 7)) };
  if (form.periodKind === 'term')
    return { kind: 'term', academicYear: Number(form.term.slice(0, 4)), term: form.term.slice(5) as Term };
  return { kind: 'up_to', date: form.upTo };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const form = await readForm(request);
  // The date is read only when it is what was chosen: the other choices leave its fields as they are.
  const dates: Record<string, DateField> =
    form.get('periodKind') === 'up_to' ? { upTo: { words: 'the date to bill up to' } } : {};
  const parsed = parseForm(runForm, form, dates);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const runId = await startBillingRun(ctx, choiceOf(parsed.data));
    return redirect(`/t/${ctx.tenant.slug}/billing/runs/${runId}`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function BillingRuns() {
  const { slug, runs, today, months, terms } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const kindError = fieldError(errors, 'periodKind');
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Billing runs</h1>
      <p className="govuk-body">
        A run makes draft invoices and recharges for everything due and not yet billed: instalments in advance, and
        confirmed work in arrears. Nothing is billed twice, so a period can be run again. Review the drafts before you
        finalise them.
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={`/t/${slug}/documents`}>
          Review drafts and documents
        </a>
      </p>

      <h2 className="govuk-heading-m">Start a run</h2>
      {kindError ? <ErrorMessage id="periodKind-error">{kindError}</ErrorMessage> : null}
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <input type="hidden" name="periodKind" value="month" />
        <Select
          name="month"
          label="A month"
          hint="Bills everything due by the end of the month"
          items={months}
          defaultValue={values.month ?? months[3]?.value}
          error={fieldError(errors, 'month')}
        />
        <Button>Start a run for the month</Button>
      </form>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <input type="hidden" name="periodKind" value="term" />
        <Select
          name="term"
          label="A term"
          hint="Bills everything due by the end of the term, with your term dates"
          items={terms}
          defaultValue={values.term}
          error={fieldError(errors, 'term')}
        />
        <Button>Start a run for the term</Button>
      </form>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <input type="hidden" name="periodKind" value="up_to" />
        <DateInput
          name="upTo"
          legend="Everything due up to a date"
          hint={`For example, ${dateParts(today).day} ${dateParts(today).month} ${dateParts(today).year}`}
          defaultValue={values['upTo-day'] !== undefined ? partsFrom(values, 'upTo') : undefined}
          error={fieldError(errors, 'upTo')}
        />
        <Button>Start a run up to the date</Button>
      </form>

      {runs.length ? (
        <Table
          caption="Runs"
          captionClassName="govuk-table__caption--m"
          head={['Period', 'Status', 'Progress', 'Started by', 'Started']}
          firstCellIsHeader
          rows={runs.map((r) => [
            <a key="period" className="govuk-link" href={`/t/${slug}/billing/runs/${r.id}`}>
              {r.periodLabel}
              <span className="govuk-visually-hidden"> (up to {formatDate(r.periodEnd)})</span>
            </a>,
            <StateTag key="status" state={BILLING_RUN_STATES[r.status]} />,
            r.customersTotal === null
              ? 'Not started'
              : `${r.customersDone} of ${r.customersTotal} customers; ${r.documentsMade} drafts, ${r.linesMade} lines${r.errors.length ? `; ${r.errors.length} not billed` : ''}`,
            r.startedByName ?? 'Unknown',
            formatMoment(r.startedAt),
          ])}
        />
      ) : (
        <p className="govuk-body">No billing runs yet.</p>
      )}
    </>
  );
}
