import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { CUSTOMER_CLASSES, TERM_FIELDS, termDatesForm, yearKindsForm } from '../calendar/calendar-forms';
import { editableAcademicYears, loadCalendarSettings } from '../calendar/calendar-settings.server';
import { formatDate } from '../calendar/contract-year';
import { saveTermDates } from '../calendar/save-term-dates.server';
import { saveYearKinds } from '../calendar/save-year-kinds.server';
import { TERMS, termNames, type AcademicYearTerms, type TermField } from '../calendar/terms';
import { DEFAULT_YEAR_KIND } from '../calendar/year-kind-defaults';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import { DateInput, dateParts } from '../components/DateInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { SummaryList } from '../components/SummaryList';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';
import { customerClassNames } from '../tenancy/customer-class';
import type { YearKind } from '../../db/schema';

export const handle: TitleHandle = { title: 'Term dates and contract years' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'orders.view');
  const settings = await loadCalendarSettings(ctx);
  return { canChange: providerCan(ctx.role, 'finance.manage'), ...settings };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const form = await readForm(request);
  if (form.get('intent') === 'yearKinds') {
    const parsed = parseForm(yearKindsForm, form);
    if (!parsed.ok)
      return data({ intent: 'yearKinds' as const, errors: parsed.errors, values: parsed.values }, { status: 400 });
    await saveYearKinds(ctx, parsed.data);
    return redirect(`/t/${ctx.tenant.slug}/calendar?saved=yearKinds`);
  }
  const academicYear = Number(form.get('academicYear'));
  const parsed = parseForm(termDatesForm(editableAcademicYears()), form);
  if (!parsed.ok)
    return data(
      { intent: 'terms' as const, academicYear, errors: parsed.errors, values: parsed.values },
      { status: 400 },
    );
  try {
    await saveTermDates(ctx, parsed.data);
  } catch (error) {
    if (isDomainError(error))
      return data(
        {
          intent: 'terms' as const,
          academicYear,
          errors: [{ field: error.field, message: error.message }],
          values: parsed.values,
        },
        { status: error.status },
      );
    throw error;
  }
  return redirect(`/t/${ctx.tenant.slug}/calendar?saved=${parsed.data.academicYear}`);
}

const termFieldId = (academicYear: number, field: string) => `terms-${academicYear}-${field}`;

const YEAR_KIND_ITEMS: Array<{ value: YearKind; label: string }> = [
  { value: 'academic', label: 'Academic year (September to August)' },
  { value: 'financial', label: 'Financial year (April to March)' },
];

function termDate(terms: AcademicYearTerms, field: TermField): string {
  const term = terms[field.replace(/(Start|End)$/, '') as (typeof TERMS)[number]];
  return field.endsWith('Start') ? term.start : term.end;
}

export default function Calendar() {
  const { canChange, years, yearKinds } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const saved = params.get('saved');
  const savedYear = years.find((y) => String(y.academicYear) === saved);

  const errors: FieldError[] = result?.errors ?? [];
  const termsResult = result?.intent === 'terms' ? result : null;
  const summaryErrors = errors.map((e) =>
    termsResult && e.field && (TERM_FIELDS as string[]).includes(e.field)
      ? { ...e, field: termFieldId(termsResult.academicYear, e.field) }
      : e.field === 'academicYear'
        ? { message: e.message }
        : e,
  );

  return (
    <>
      <ErrorSummary errors={summaryErrors} />
      {savedYear ? (
        <NotificationBanner type="success" heading={`Term dates for the ${savedYear.label} saved`} />
      ) : saved === 'yearKinds' ? (
        <NotificationBanner type="success" heading="Contract year types saved" />
      ) : null}
      <h1 className="govuk-heading-l">Term dates and contract years</h1>
      <p className="govuk-body">
        Termly instalments fall due on the first day of each term. A year you have not set uses the usual English term
        dates shown here.
      </p>

      {years.map((year) => {
        const posted = termsResult?.academicYear === year.academicYear ? termsResult : null;
        const yearErrors = posted ? posted.errors : [];
        return (
          <section key={year.academicYear} aria-labelledby={`terms-${year.academicYear}-heading`}>
            <h2 className="govuk-heading-m" id={`terms-${year.academicYear}-heading`}>
              Term dates for the {year.label}
            </h2>
            <p className="govuk-body">
              {year.setByProvider
                ? 'Set by your organisation.'
                : 'The usual dates: your organisation has not set its own.'}
            </p>
            {canChange ? (
              <form method="post" noValidate>
                <CsrfInput token={csrf} />
                <input type="hidden" name="intent" value="terms" />
                <input type="hidden" name="academicYear" value={year.academicYear} />
                {TERMS.map((term) => (
                  <div key={term}>
                    <h3 className="govuk-heading-s">{termNames[term]}</h3>
                    {(['Start', 'End'] as const).map((edge) => {
                      const field = `${term}${edge}` as TermField;
                      const current = dateParts(termDate(year.terms, field));
                      const example = dateParts(termDate(year.defaults, field));
                      return (
                        <DateInput
                          key={field}
                          name={field}
                          id={termFieldId(year.academicYear, field)}
                          legend={`${termNames[term]} ${edge === 'Start' ? 'starts' : 'ends'}`}
                          hint={`For example, ${example.day} ${example.month} ${example.year}`}
                          error={fieldError(yearErrors, field)}
                          defaultValue={
                            posted
                              ? {
                                  day: posted.values[`${field}-day`] ?? '',
                                  month: posted.values[`${field}-month`] ?? '',
                                  year: posted.values[`${field}-year`] ?? '',
                                }
                              : current
                          }
                        />
                      );
                    })}
                  </div>
                ))}
                <Button>Save term dates for the {year.label}</Button>
              </form>
            ) : (
              <SummaryList
                rows={TERMS.map((term) => ({
                  key: termNames[term],
                  value: `${formatDate(year.terms[term].start)} to ${formatDate(year.terms[term].end)}`,
                }))}
              />
            )}
          </section>
        );
      })}

      <section aria-labelledby="year-kinds-heading">
        <h2 className="govuk-heading-m" id="year-kinds-heading">
          Contract year type for each customer class
        </h2>
        <p className="govuk-body">
          New customer accounts buy in this kind of contract year unless you change it on the account. Accounts and
          orders that already exist keep theirs.
        </p>
        {canChange ? (
          <form method="post" noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="intent" value="yearKinds" />
            {CUSTOMER_CLASSES.map((c) => (
              <Radios
                key={c}
                name={c}
                legend={customerClassNames[c]}
                hint={`Usually the ${DEFAULT_YEAR_KIND[c]} year`}
                items={YEAR_KIND_ITEMS}
                defaultValue={result?.intent === 'yearKinds' ? result.values[c] : yearKinds[c]}
                error={result?.intent === 'yearKinds' ? fieldError(errors, c) : undefined}
                inline
              />
            ))}
            <Button>Save contract year types</Button>
          </form>
        ) : (
          <SummaryList
            rows={CUSTOMER_CLASSES.map((c) => ({
              key: customerClassNames[c],
              value: YEAR_KIND_ITEMS.find((i) => i.value === yearKinds[c])!.label,
            }))}
          />
        )}
      </section>
    </>
  );
}
