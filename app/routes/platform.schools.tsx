import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requirePlatformAdmin } from '../auth/guards.server';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorMessage } from '../components/ErrorMessage';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { StateTag } from '../components/StateTag';
import { Table } from '../components/Table';
import { describeRowProblem, schoolsUploadForm } from '../platform/schools-upload-form';
import { schoolsOverview, uploadSchools } from '../platform/upload-schools.server';
import { useCsrfToken } from '../root';
import { SCHOOL_IMPORT_STATES } from '../vocabulary';
import { formatMoment } from '../calendar/format-instant';

export const handle: TitleHandle = { title: 'Import schools' };

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  const { schools, imports } = await schoolsOverview();
  const rows = imports.map((i) => ({
    id: i.id,
    at: i.started_at.toISOString(),
    status: i.status,
    fileName: i.file_name,
    by: i.imported_by_name,
    total: i.total,
    inserted: i.inserted,
    updated: i.updated,
    unchanged: i.unchanged,
  }));
  return { schools, imports: rows };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requirePlatformAdmin(request);
  const form = await readForm(request);
  const parsed = schoolsUploadForm.safeParse({ file: form.get('file') });
  if (!parsed.success)
    return data(
      { errors: [{ field: 'file', message: parsed.error.issues[0]!.message }] as FieldError[] },
      { status: 400 },
    );
  const file = parsed.data.file;
  const result = await uploadSchools(session.userId, {
    name: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
  });
  if (!result.ok) {
    const errors: FieldError[] = [
      ...(result.fileError ? [{ field: 'file', message: result.fileError }] : []),
      ...result.problems.map((p) => ({ field: 'file', message: describeRowProblem(p) })),
    ];
    return data({ errors }, { status: 400 });
  }
  return redirect(`/platform/schools/imports/${result.importId}`);
}

const count = new Intl.NumberFormat('en-GB');

export default function PlatformSchools() {
  const { schools, imports } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">Platform administration</span>
      <h1 className="govuk-heading-l">Import schools</h1>
      <p className="govuk-body">
        There are {count.format(schools)} schools in the service. Upload an establishment extract from Get Information
        about Schools (GIAS) to add new schools and update the others, matched by URN. If any row is wrong, nothing is
        imported and every wrong row is listed. Importing the same file again changes nothing.
      </p>
      <form method="post" encType="multipart/form-data" noValidate>
        <CsrfInput token={csrf} />
        <div className={errors.length ? 'govuk-form-group govuk-form-group--error' : 'govuk-form-group'}>
          <label className="govuk-label govuk-label--m" htmlFor="file">
            GIAS establishment extract
          </label>
          <div id="file-hint" className="govuk-hint">
            A CSV file, smaller than 100 MB
          </div>
          {errors.length ? (
            <ErrorMessage id="file-error">
              {errors.length === 1
                ? errors[0]!.message
                : `${errors.length} rows need fixing: see the list at the top of the page`}
            </ErrorMessage>
          ) : null}
          <input
            className={errors.length ? 'govuk-file-upload govuk-file-upload--error' : 'govuk-file-upload'}
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={errors.length ? 'file-hint file-error' : 'file-hint'}
          />
        </div>
        <Button>Import schools</Button>
      </form>
      <h2 className="govuk-heading-m">Recent imports</h2>
      {imports.length ? (
        <Table
          head={['When', 'File', 'By', 'Status', 'Schools', 'New', 'Updated', 'Unchanged']}
          rows={imports.map((i) => [
            formatMoment(i.at),
            <Link key={i.id} to={`/platform/schools/imports/${i.id}`} className="govuk-link">
              {i.fileName}
            </Link>,
            i.by,
            <StateTag key={`${i.id}-status`} state={SCHOOL_IMPORT_STATES[i.status]} />,
            count.format(i.total),
            ...[i.inserted, i.updated, i.unchanged].map((n) => (i.status === 'imported' ? count.format(n) : '–')),
          ])}
        />
      ) : (
        <p className="govuk-body">No schools have been imported through the service yet.</p>
      )}
      <h2 className="govuk-heading-m">School performance data</h2>
      <p className="govuk-body">
        <a className="govuk-link" href="/platform/performance">
          Import Key Stage 2 results and Ofsted inspections
        </a>
      </p>
      <h2 className="govuk-heading-m">Providers</h2>
      <p className="govuk-body">
        <a className="govuk-link" href="/platform/providers">
          Add a council, teaching school or academy trust as a provider
        </a>
      </p>
      <h2 className="govuk-heading-m">Signing in</h2>
      <p className="govuk-body">
        <a className="govuk-link" href="/platform/sign-in">
          Let people in schools, trusts and councils sign in with DfE Sign-in
        </a>
      </p>
    </>
  );
}
