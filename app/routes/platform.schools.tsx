import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requirePlatformAdmin } from '../auth/guards.server';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorMessage } from '../components/ErrorMessage';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Table } from '../components/Table';
import { describeRowProblem, schoolsUploadForm } from '../platform/schools-upload-form';
import { schoolsOverview, uploadSchools } from '../platform/upload-schools.server';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Import schools' };

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  const { schools, imports } = await schoolsOverview();
  const importedId = new URL(request.url).searchParams.get('imported');
  const rows = imports.map((i) => ({
    id: i.id,
    at: i.imported_at.toISOString(),
    fileName: i.file_name,
    by: i.imported_by_name,
    total: i.total,
    inserted: i.inserted,
    updated: i.updated,
    unchanged: i.unchanged,
  }));
  return { schools, imports: rows, justImported: rows.find((r) => r.id === importedId) ?? null };
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
  return redirect(`/platform/schools?imported=${result.importId}`);
}

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });
const count = new Intl.NumberFormat('en-GB');

export default function PlatformSchools() {
  const { schools, imports, justImported } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  return (
    <>
      <ErrorSummary errors={errors} />
      {justImported && errors.length === 0 ? (
        <NotificationBanner type="success" heading={`${count.format(justImported.total)} schools imported`}>
          <p className="govuk-body">
            {count.format(justImported.inserted)} new, {count.format(justImported.updated)} updated,{' '}
            {count.format(justImported.unchanged)} unchanged.
          </p>
        </NotificationBanner>
      ) : null}
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
          head={['When', 'File', 'By', 'Schools', 'New', 'Updated', 'Unchanged']}
          rows={imports.map((i) => [
            when.format(new Date(i.at)),
            i.fileName,
            i.by,
            count.format(i.total),
            count.format(i.inserted),
            count.format(i.updated),
            count.format(i.unchanged),
          ])}
        />
      ) : (
        <p className="govuk-body">No schools have been imported through the service yet.</p>
      )}
    </>
  );
}
