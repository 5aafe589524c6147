import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { providerCan } from '../auth/permissions';
import { formatDate } from '../calendar/contract-year';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { SummaryList } from '../components/SummaryList';
import { Tag } from '../components/Tag';
import { Textarea } from '../components/Textarea';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { requireCouncilImprovement } from '../improvement/categories.server';
import { formatDays, tradedCharge } from '../improvement/entitlement';
import { voidForm } from '../improvement/visit-forms';
import { urnParam, visitIdParam } from '../improvement/visit-route.server';
import { visitDetail, voidVisit } from '../improvement/visits.server';
import { formatPence } from '../money';
import { useCsrfToken } from '../root';
import { DELIVERY_STATES, VISIT_TYPES } from '../vocabulary';

export const handle: TitleHandle = { title: 'Visit' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, 'improvement.view');
  const found = await visitDetail(ctx, urnParam(params.urn), visitIdParam(params.visitId));
  return { slug: ctx.tenant.slug, canVoid: providerCan(ctx.role, 'improvement.manage'), ...found };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, 'improvement.manage');
  const urn = urnParam(params.urn);
  const visitId = visitIdParam(params.visitId);
  const parsed = parseForm(voidForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await voidVisit(ctx, urn, visitId, parsed.data.reason);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
  return redirect(`/t/${ctx.tenant.slug}/schools/${urn}/visits?voided=${visitId}`);
}

export default function Visit() {
  const { slug, canVoid, school, yearLabel, academicYear, visit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const traded =
    visit.tradedHundredths === 0
      ? 'None'
      : visit.line
        ? `${formatDays(visit.tradedHundredths)} on the school’s purchase`
        : visit.tradedDayRatePence !== null
          ? `${formatDays(visit.tradedHundredths)} not commissioned: ${formatPence(tradedCharge(visit.tradedHundredths, visit.tradedDayRatePence))} at the published ${formatPence(visit.tradedDayRatePence)} a day`
          : `${formatDays(visit.tradedHundredths)} not commissioned (no published day price)`;
  return (
    <>
      <BackLink href={`/t/${slug}/schools/${school.urn}/visits?year=${academicYear}`}>Back to visits</BackLink>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">
        {school.name}, URN {school.urn}, {yearLabel}
      </span>
      <h1 className="govuk-heading-l">
        {VISIT_TYPES[visit.visitType]}, {formatDate(visit.visitedOn)}
        {visit.voided ? (
          <>
            {' '}
            <Tag colour="grey">Voided</Tag>
          </>
        ) : null}
      </h1>
      <SummaryList
        rows={[
          { key: 'Practitioner', value: visit.practitionerName },
          { key: 'Length', value: formatDays(visit.daysHundredths) },
          {
            key: 'Funded (core entitlement)',
            value: visit.fundedHundredths ? formatDays(visit.fundedHundredths) : 'None',
          },
          { key: 'Traded', value: traded },
          ...(visit.line
            ? [
                {
                  key: 'Delivery record',
                  value: (
                    <>
                      <a className="govuk-link" href={`/t/${slug}/lines/${visit.line.id}`}>
                        {visit.line.name}
                      </a>
                      {visit.line.deliveryStatus
                        ? ` (${DELIVERY_STATES[visit.line.deliveryStatus]?.label ?? visit.line.deliveryStatus})`
                        : ''}
                    </>
                  ),
                },
              ]
            : []),
          { key: 'Note', value: visit.note || 'None' },
          { key: 'Agreed actions', value: visit.agreedActions || 'None' },
          { key: 'Logged by', value: visit.recordedBy },
          ...(visit.voided
            ? [{ key: 'Voided', value: `By ${visit.voided.by ?? 'someone'}: ${visit.voided.reason ?? ''}` }]
            : []),
        ]}
      />
      {canVoid && !visit.voided ? (
        <form method="post" noValidate>
          <CsrfInput token={csrf} />
          <h2 className="govuk-heading-m">Void this visit</h2>
          <p className="govuk-body">
            Voiding frees its funded days.
            {visit.line
              ? ' The delivery record it made on the school’s purchase is voided with it, unless the school has already answered it.'
              : ''}
          </p>
          <Textarea
            name="reason"
            label="Why is the visit being voided?"
            defaultValue={values.reason}
            error={fieldError(errors, 'reason')}
          />
          <Button variant="warning">Void the visit</Button>
        </form>
      ) : null}
    </>
  );
}
