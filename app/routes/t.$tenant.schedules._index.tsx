import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { listSchedules } from '../../db/queries/catalogue';
import { withTenant } from '../../db/scope.server';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { contractYearLabel, formatDate, londonToday } from '../calendar/contract-year';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Table } from '../components/Table';
import { StateTag } from '../components/StateTag';
import { SCHEDULE_STATES } from '../vocabulary';
import { isDomainError } from '../errors';
import { parseForm } from '../forms/parse-form';
import { SCHEDULE_YEAR_DATES, scheduleYearForm } from '../pricing/schedule-year-form';
import { YearFields } from '../pricing/YearFields';
import { yearsAwaitingPrices } from '../pricing/schedule-readiness';
import { createScheduleVersion } from '../pricing/create-schedule-version.server';
import { useCsrfToken } from '../root';
import { WarningText } from '../components/WarningText';

export const handle: TitleHandle = { title: 'Charge schedules' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.view');
  const schedules = await withTenant(ctx, (tx) => listSchedules(tx, ctx.tenantId));
  return {
    slug: ctx.tenant.slug,
    canManage: providerCan(ctx.role, 'catalogue.manage'),
    awaitingPrices: yearsAwaitingPrices(schedules, londonToday()),
    schedules: schedules.map((s) => ({
      id: s.id,
      label: contractYearLabel(s.year_kind, s.year_start),
      version: s.version,
      status: s.status,
      effectiveFrom: s.effective_from,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.manage');
  const form = await readForm(request);
  const parsed = parseForm(scheduleYearForm, form, SCHEDULE_YEAR_DATES);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const id = await createScheduleVersion(ctx, {
      yearKind: parsed.data.yearKind,
      startYear: Number(parsed.data.startYear),
      effectiveFrom: parsed.data.effectiveFrom || undefined,
    });
    return redirect(`/t/${ctx.tenant.slug}/schedules/${id}`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function Schedules() {
  const { slug, canManage, schedules, awaitingPrices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const [params] = useSearchParams();
  const errors = result?.errors ?? [];
  const values = result?.values ?? {};
  return (
    <>
      <ErrorSummary errors={errors} />
      {params.get('discarded') ? <NotificationBanner type="success" heading="Draft discarded" /> : null}
      <h1 className="govuk-heading-l">Charge schedules</h1>
      {awaitingPrices.map((y) => (
        <WarningText key={`${y.kind}:${y.start}`}>
          {y.started
            ? `The ${y.label} began on ${formatDate(y.start)} and has no published charge schedule: schools cannot order anything for it until you publish one.`
            : `The ${y.label} begins on ${formatDate(y.start)} and has no published charge schedule yet: publish one before then so schools can order for it.`}
        </WarningText>
      ))}
      <p className="govuk-body">
        One schedule for each contract year. A published schedule never changes: to change prices, start a new version
        that takes effect from a date.
      </p>
      {schedules.length === 0 ? (
        <p className="govuk-body">There are no charge schedules yet.</p>
      ) : (
        <Table
          head={['Contract year', 'Version', 'Takes effect', 'Status']}
          rows={schedules.map((s) => [
            <a key="l" className="govuk-link" href={`/t/${slug}/schedules/${s.id}`}>
              {s.label}
            </a>,
            String(s.version),
            formatDate(s.effectiveFrom),
            <StateTag key="t" state={SCHEDULE_STATES[s.status]} />,
          ])}
        />
      )}
      {canManage ? (
        <>
          <h2 className="govuk-heading-m">Start a draft schedule</h2>
          <p className="govuk-body">
            A new version copies the prices of the latest version of that year for you to change.
          </p>
          <form method="post" noValidate>
            <CsrfInput token={csrf} />
            <YearFields values={values} errors={errors} />
            <Button>Start draft</Button>
          </form>
          <p className="govuk-body">
            <a className="govuk-link" href={`/t/${slug}/schedules/import`}>
              Import prices from a spreadsheet
            </a>
          </p>
        </>
      ) : null}
    </>
  );
}
