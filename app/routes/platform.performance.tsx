import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requirePlatformAdmin } from '../auth/guards.server';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorMessage } from '../components/ErrorMessage';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { Table } from '../components/Table';
import { TextInput } from '../components/TextInput';
import { formatMoment } from '../calendar/format-instant';
import { fieldError } from '../forms/parse-form';
import { academicYearLabel } from '../performance/academic-year';
import { describeRowProblem } from '../performance/csv-rows';
import { OGL_ATTRIBUTION, OGL_HREF } from '../performance/words';
import { performanceUploadForm } from '../platform/performance-upload-form';
import { performanceOverview, uploadPerformance } from '../platform/upload-performance.server';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Import school performance data' };

/** The most wrong rows listed on the page; the count says how many more. */
const SHOWN_PROBLEMS = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  const { totals, imports } = await performanceOverview();
  return {
    totals,
    imports: imports.map((i) => ({ ...i, importedAt: i.importedAt.toISOString() })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requirePlatformAdmin(request);
  const form = await readForm(request);
  const values = { kind: String(form.get('kind') ?? ''), academicYear: String(form.get('academicYear') ?? '') };
  const parsed = performanceUploadForm.safeParse({
    kind: form.get('kind') ?? undefined,
    academicYear: form.get('academicYear') ?? undefined,
    file: form.get('file'),
  });
  if (!parsed.success) {
    const errors: FieldError[] = parsed.error.issues.map((i) => ({
      field: String(i.path[0] ?? 'file'),
      message: i.message,
    }));
    return data({ errors, values, summary: null }, { status: 400 });
  }
  const { kind, academicYear, file } = parsed.data;
  const result = await uploadPerformance(
    session.userId,
    kind,
    { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
    academicYear,
  );
  if (!result.ok) {
    const shown = result.problems.slice(0, SHOWN_PROBLEMS);
    const errors: FieldError[] = [
      ...(result.fileError ? [{ field: 'file', message: result.fileError }] : []),
      ...shown.map((p) => ({ field: 'file', message: describeRowProblem(p) })),
      ...(result.problems.length > shown.length
        ? [{ field: 'file', message: `… and ${result.problems.length - shown.length} more rows need fixing` }]
        : []),
    ];
    return data({ errors, values, summary: null }, { status: 400 });
  }
  const years = ((result as { years?: number[] }).years ?? []).map(academicYearLabel);
  return {
    errors: [] as FieldError[],
    values,
    summary: {
      kind,
      fileName: file.name,
      years,
      schoolRows: result.schoolRows,
      imported: result.inserted + result.updated,
      inserted: result.inserted,
      updated: result.updated,
      unchanged: result.unchanged,
      unknownUrns: result.unknownUrns,
      summaryRows: result.summaryRows,
    },
  };
}

const count = new Intl.NumberFormat('en-GB');

export default function PlatformPerformance() {
  const { totals, imports } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const fileErrors = errors.filter((e) => e.field === 'file');
  const summary = result?.summary ?? null;
  return (
    <>
      <ErrorSummary errors={errors} />
      {summary ? (
        <NotificationBanner type="success" heading={`${summary.fileName} imported`}>
          <p className="govuk-body">
            {summary.kind === 'ks2' ? `Key Stage 2 results for ${summary.years.join(', ')}` : 'Ofsted inspections'}:{' '}
            {count.format(summary.imported)} imported ({count.format(summary.inserted)} new,{' '}
            {count.format(summary.updated)} updated), {count.format(summary.unchanged)} unchanged.
          </p>
          <p className="govuk-body">
            {count.format(summary.schoolRows)} school rows in the file; {count.format(summary.unknownUrns)} skipped
            because the URN is not in the schools list
            {summary.kind === 'ks2' ? `; ${count.format(summary.summaryRows)} summary rows skipped` : ''}.
          </p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">Platform administration</span>
      <h1 className="govuk-heading-l">Import school performance data</h1>
      <p className="govuk-body">
        The service holds {count.format(totals.results)} Key Stage 2 results for {count.format(totals.schools)} schools
        and {count.format(totals.inspections)} Ofsted inspections, shared by every provider. Upload the DfE performance
        tables Key Stage 2 file (england_ks2final.csv) or Ofsted&rsquo;s inspection outcomes: rows are matched to the
        schools list by URN, and rows for schools not in the list are skipped and counted. If any row is wrong, nothing
        is imported and every wrong row is listed. Importing the same file again changes nothing.
      </p>
      <form method="post" encType="multipart/form-data" noValidate>
        <CsrfInput token={csrf} />
        <Radios
          name="kind"
          legend="What does the file hold?"
          items={[
            { value: 'ks2', label: 'Key Stage 2 results' },
            { value: 'ofsted', label: 'Ofsted inspections' },
          ]}
          defaultValue={result?.values.kind}
          error={fieldError(errors, 'kind')}
        />
        <TextInput
          name="academicYear"
          label="Academic year (Key Stage 2 only)"
          hint="For example, 2022/23. Leave blank for the DfE file: it says its own year."
          width="5"
          defaultValue={result?.values.academicYear}
          error={fieldError(errors, 'academicYear')}
        />
        <div className={fileErrors.length ? 'govuk-form-group govuk-form-group--error' : 'govuk-form-group'}>
          <label className="govuk-label govuk-label--s" htmlFor="file">
            File
          </label>
          <div id="file-hint" className="govuk-hint">
            A CSV file, smaller than 100 MB
          </div>
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
            aria-describedby={fileErrors.length ? 'file-hint file-error' : 'file-hint'}
          />
        </div>
        <Button>Import file</Button>
      </form>
      <h2 className="govuk-heading-m">Recent imports</h2>
      {imports.length ? (
        <Table
          head={[
            'When',
            'File',
            'By',
            'Data',
            'School rows',
            'New',
            'Updated',
            'Unchanged',
            'Unknown URN',
            'Summary rows',
          ]}
          rows={imports.map((i) => [
            formatMoment(i.importedAt),
            i.fileName,
            i.by ?? 'Command line or demo',
            i.kind === 'ks2' && i.academicYear ? `Key Stage 2, ${academicYearLabel(i.academicYear)}` : 'Ofsted',
            ...[i.schoolRows, i.inserted, i.updated, i.unchanged, i.unknownUrns, i.summaryRows].map((n) =>
              count.format(n),
            ),
          ])}
        />
      ) : (
        <p className="govuk-body">No performance data has been imported yet.</p>
      )}
      <p className="govuk-body-s">
        {OGL_ATTRIBUTION}{' '}
        <a className="govuk-link" href={OGL_HREF}>
          Open Government Licence v3.0
        </a>
      </p>
      <p className="govuk-body">
        <a href="/platform/schools" className="govuk-link">
          Import schools
        </a>
      </p>
    </>
  );
}
