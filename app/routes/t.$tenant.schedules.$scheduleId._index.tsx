import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import type { ReactNode } from 'react';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { formatDate } from '../calendar/contract-year';
import { BackLink } from '../components/BackLink';
import { Button, ButtonLink } from '../components/Button';
import { ConfirmPage } from '../components/ConfirmPage';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Table } from '../components/Table';
import { Tag } from '../components/Tag';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { discardScheduleDraft } from '../pricing/discard-schedule-draft.server';
import { publishSchedule } from '../pricing/publish-schedule.server';
import { scheduleDetail } from '../pricing/schedule-detail.server';
import { useCsrfToken } from '../root';
import { WarningText } from '../components/WarningText';
import { customerClassNames } from '../tenancy/customer-class';

export const handle: TitleHandle<typeof loader> = {
  title: (data) =>
    data
      ? data.asking
        ? `Publish ${data.schedule.label}, version ${data.schedule.version}?`
        : `${data.schedule.label}, version ${data.schedule.version}`
      : 'Charge schedule',
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.view');
  if (!isUuid(params.scheduleId)) throw notFound();
  const detail = await scheduleDetail(ctx, params.scheduleId);
  const canManage = providerCan(ctx.role, 'catalogue.manage');
  // "Publish this schedule" leads here first: the question, then the POST that publishes.
  const asking =
    canManage && detail.schedule.status === 'draft' && new URL(request.url).searchParams.get('confirm') === 'publish';
  return { slug: ctx.tenant.slug, canManage, asking, ...detail };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.manage');
  if (!isUuid(params.scheduleId)) throw notFound();
  const form = await readForm(request);
  try {
    if (form.get('intent') === 'discard') {
      await discardScheduleDraft(ctx, params.scheduleId);
      return redirect(`/t/${ctx.tenant.slug}/schedules?discarded=1`);
    }
    await publishSchedule(ctx, params.scheduleId);
    return redirect(`/t/${ctx.tenant.slug}/schedules/${params.scheduleId}?published=1`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { intent: form.get('intent') === 'discard' ? 'discard' : 'publish', errors: [{ message: error.message }] },
        { status: error.status },
      );
    throw error;
  }
}

export default function SchedulePage() {
  const { slug, canManage, asking, schedule, services, missing } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const draft = schedule.status === 'draft';
  const base = `/t/${slug}/schedules/${schedule.id}`;
  if (asking || result?.intent === 'publish')
    return (
      <ConfirmPage
        caption="Charge schedule"
        question={`Are you sure you want to publish ${schedule.label}, version ${schedule.version}?`}
        csrf={csrf}
        action={base}
        buttonLabel="Yes, publish this schedule"
        cancelHref={base}
        errors={result?.errors ?? []}
      >
        <p className="govuk-body">
          From {formatDate(schedule.effectiveFrom)} buyers see these prices and order at them. A published schedule
          never changes: to change a price later you start a new version.
        </p>
        {missing.length ? (
          <WarningText>
            Some prices are missing: {missing.join('; ')}. Add them first, or publishing is refused.
          </WarningText>
        ) : null}
      </ConfirmPage>
    );
  return (
    <>
      <BackLink href={`/t/${slug}/schedules`}>Back to charge schedules</BackLink>
      <ErrorSummary errors={result?.errors ?? []} />
      {params.get('published') ? <NotificationBanner type="success" heading="Schedule published" /> : null}
      {params.get('imported') ? (
        <NotificationBanner type="success" heading={`${params.get('imported')} prices imported into this draft`} />
      ) : null}
      <span className="govuk-caption-l">Charge schedule</span>
      <h1 className="govuk-heading-l">
        {schedule.label}, version {schedule.version} <Tag colour={draft ? 'grey' : 'green'}>{schedule.status}</Tag>
      </h1>
      <p className="govuk-body">
        Takes effect from {formatDate(schedule.effectiveFrom)}.{' '}
        {draft
          ? 'Buyers do not see a draft.'
          : 'Published: it never changes. To change prices, start a new version from the charge schedules page.'}
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={`${base}/export.csv`} download>
          Export as a spreadsheet (CSV)
        </a>
      </p>
      {services.map((service) => (
        <Table
          key={service.id}
          caption={`${service.code} ${service.name}${service.status === 'draft' ? ' (draft service)' : ''}`}
          captionClassName="govuk-table__caption--s"
          head={draft && canManage ? ['Customer class', 'Price', 'Action'] : ['Customer class', 'Price']}
          firstCellIsHeader
          rows={service.prices.map((p) => {
            const cells: ReactNode[] = [customerClassNames[p.customerClass], p.description ?? 'No price yet'];
            if (draft && canManage)
              cells.push(
                <a key="a" className="govuk-link" href={`${base}/prices/${service.id}/${p.customerClass}`}>
                  {p.description ? 'Change' : 'Set price'}
                  <span className="govuk-visually-hidden">
                    {' '}
                    for {service.name}, {customerClassNames[p.customerClass].toLowerCase()}
                  </span>
                </a>,
              );
            return cells;
          })}
        />
      ))}
      {draft && canManage ? (
        <>
          <h2 className="govuk-heading-m">Publish</h2>
          {missing.length ? (
            <>
              <p className="govuk-body">Before publishing, add these prices:</p>
              <ul className="govuk-list govuk-list--bullet">
                {missing.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </>
          ) : (
            <p className="govuk-body">Every service has a price for every customer class it is sold to.</p>
          )}
          <ButtonLink href={`${base}?confirm=publish`}>Publish this schedule</ButtonLink>
          <h2 className="govuk-heading-m">Discard this draft</h2>
          <p className="govuk-body">Buyers never saw it. Published versions are not affected.</p>
          <form method="post">
            <CsrfInput token={csrf} />
            <Button name="intent" value="discard" variant="warning">
              Discard this draft
            </Button>
          </form>
        </>
      ) : null}
    </>
  );
}
