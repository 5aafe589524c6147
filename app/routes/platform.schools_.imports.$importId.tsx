import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { notFound, requirePlatformAdmin } from '../auth/guards.server';
import type { TitleHandle } from '../components/document-title';
import { NotificationBanner } from '../components/NotificationBanner';
import { StateTag } from '../components/StateTag';
import { SummaryList } from '../components/SummaryList';
import { isUuid } from '../forms/ids';
import { schoolImportStatus } from '../platform/school-import-status.server';
import { SCHOOL_IMPORT_STATES } from '../vocabulary';
import { formatMoment } from '../calendar/format-instant';
import { WarningText } from '../components/WarningText';

export const handle: TitleHandle = { title: 'School import' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  if (!isUuid(params.importId)) throw notFound();
  const status = await schoolImportStatus(params.importId);
  if (!status) throw notFound();
  return status;
}

const count = new Intl.NumberFormat('en-GB');
/** While an import runs, the page asks again this often (with JavaScript; without, the person reloads). */
const POLL_MS = 1000;

export default function SchoolImport() {
  const status = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const importing = status.status === 'importing';
  useEffect(() => {
    if (!importing) return;
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [importing, revalidator]);

  return (
    <>
      {status.status === 'imported' ? (
        <NotificationBanner type="success" heading={`${count.format(status.total)} schools imported`}>
          <p className="govuk-body">
            {count.format(status.inserted)} new, {count.format(status.updated)} updated,{' '}
            {count.format(status.unchanged)} unchanged.
          </p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">Platform administration</span>
      <h1 className="govuk-heading-l">School import</h1>
      {/* Announced as it changes: the share done while importing, then how it ended. */}
      <div aria-live="polite">
        {importing ? (
          <>
            <p className="govuk-body-l">
              Saving {count.format(status.total)} schools: {status.percentDone}% done
            </p>
            <p className="govuk-body">
              Nothing is changed until every school is saved. You can leave this page: the import carries on.
            </p>
          </>
        ) : status.status === 'stopped' ? (
          <WarningText>{status.stoppedReason}</WarningText>
        ) : null}
      </div>
      {importing ? (
        <p className="govuk-body">
          <Link to="." reloadDocument className="govuk-link">
            Check progress
          </Link>
        </p>
      ) : null}
      <SummaryList
        rows={[
          { key: 'Status', value: <StateTag state={SCHOOL_IMPORT_STATES[status.status]} /> },
          { key: 'File', value: status.fileName },
          { key: 'Uploaded by', value: status.by },
          { key: 'Started', value: formatMoment(status.startedAt) },
          ...(status.finishedAt ? [{ key: 'Finished', value: formatMoment(status.finishedAt) }] : []),
          { key: 'Schools in the file', value: count.format(status.total) },
        ]}
      />
      <p className="govuk-body">
        <Link to="/platform/schools" className="govuk-link">
          Import another file
        </Link>
      </p>
    </>
  );
}
