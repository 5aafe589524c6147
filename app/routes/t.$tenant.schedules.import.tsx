import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorMessage } from '../components/ErrorMessage';
import { ErrorSummary } from '../components/ErrorSummary';
import { isDomainError } from '../errors';
import { decodeCsvBytes, notCsvReason } from '../forms/csv-file';
import { parseForm } from '../forms/parse-form';
import { importScheduleCsv } from '../pricing/import-schedule.server';
import { SCHEDULE_YEAR_DATES, scheduleYearForm } from '../pricing/schedule-year-form';
import { YearFields } from '../pricing/YearFields';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Import prices from a spreadsheet' };
const MAX_CSV_BYTES = 2 * 1024 * 1024;
const SAVE_AS_CSV = 'Export a schedule to see the columns, fill them in, and save the file as CSV.';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.manage');
  return { slug: ctx.tenant.slug };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.manage');
  const form = await readForm(request);
  const parsed = parseForm(scheduleYearForm, form, SCHEDULE_YEAR_DATES);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const file = form.get('file');
  const refuse = (message: string) =>
    data({ errors: [{ field: 'file', message }], values: parsed.values }, { status: 400 });
  if (!(file instanceof File) || file.size === 0) return refuse('Select a CSV file of prices');
  if (file.size > MAX_CSV_BYTES) return refuse('The file must be smaller than 2 MB');
  const text = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
  const notCsv = notCsvReason(text, SAVE_AS_CSV);
  if (notCsv) return refuse(notCsv);
  try {
    const result = await importScheduleCsv(ctx, {
      yearKind: parsed.data.yearKind,
      startYear: Number(parsed.data.startYear),
      effectiveFrom: parsed.data.effectiveFrom || undefined,
      text,
    });
    if (!result.ok)
      return data(
        {
          errors: result.problems.map((p) => ({ field: 'file', message: `Line ${p.line}: ${p.message}` })),
          values: parsed.values,
        },
        { status: 400 },
      );
    return redirect(`/t/${ctx.tenant.slug}/schedules/${result.scheduleId}?imported=${result.rows}`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function ImportSchedule() {
  const { slug } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const fileErrors = errors.filter((e) => e.field === 'file');
  return (
    <>
      <BackLink href={`/t/${slug}/schedules`}>Back to charge schedules</BackLink>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Import prices from a spreadsheet</h1>
      <p className="govuk-body">
        Export a schedule to see the columns: one row for each service and customer class. The import becomes a new
        draft version of the contract year; if any row is wrong, nothing is saved and every wrong row is listed.
      </p>
      <form method="post" encType="multipart/form-data" noValidate>
        <CsrfInput token={csrf} />
        <YearFields values={result?.values ?? {}} errors={errors} />
        <div className={fileErrors.length ? 'govuk-form-group govuk-form-group--error' : 'govuk-form-group'}>
          <label className="govuk-label" htmlFor="file">
            CSV file
          </label>
          {fileErrors.length ? (
            <ErrorMessage id="file-error">
              {fileErrors.length === 1
                ? fileErrors[0]!.message
                : `${fileErrors.length} rows need fixing: see the list at the top of the page`}
            </ErrorMessage>
          ) : null}
          <input
            className={fileErrors.length ? 'govuk-file-upload govuk-file-upload--error' : 'govuk-file-upload'}
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={fileErrors.length ? 'file-error' : undefined}
          />
        </div>
        <Button>Import as a new draft</Button>
      </form>
    </>
  );
}
