import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData, useSearchParams } from '@remix-run/react';
import { notFound } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { formatDate } from '../calendar/contract-year';
import { BackLink } from '../components/BackLink';
import { ButtonLink } from '../components/Button';
import type { TitleHandle } from '../components/document-title';
import { NotificationBanner } from '../components/NotificationBanner';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { Tag } from '../components/Tag';
import { currentPlacementYear, requireCouncilImprovement } from '../improvement/categories.server';
import { formatDays } from '../improvement/entitlement';
import { urnParam } from '../improvement/visit-route.server';
import { schoolVisits } from '../improvement/visits.server';
import { formatPence } from '../money';
import { academicYearLabel } from '../performance/academic-year';
import { VISIT_TYPES } from '../vocabulary';

export const handle: TitleHandle = { title: 'School improvement visits' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, 'improvement.view');
  const urn = urnParam(params.urn);
  const asked = new URL(request.url).searchParams.get('year') ?? '';
  const year =
    /^\d{4}$/.test(asked) && Number(asked) >= 2000 && Number(asked) <= 2100 ? Number(asked) : currentPlacementYear();
  const found = await schoolVisits(ctx, urn, year);
  if (!found) throw notFound();
  return { slug: ctx.tenant.slug, canRecord: providerCan(ctx.role, 'improvement.manage'), ...found };
}

export default function SchoolVisits() {
  const { slug, canRecord, school, academicYear, yearLabel, category, position, visits } =
    useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const logged = params.has('logged');
  const voided = params.has('voided');
  const base = `/t/${slug}/schools/${school.urn}/visits`;
  return (
    <>
      <BackLink href={`/t/${slug}/schools/${school.urn}`}>Back to {school.name}</BackLink>
      {logged ? <NotificationBanner type="success" title="Visit logged" /> : null}
      {voided ? <NotificationBanner type="success" title="Visit voided" /> : null}
      <span className="govuk-caption-l">
        {school.name}, URN {school.urn}
      </span>
      <h1 className="govuk-heading-l">School improvement visits, {yearLabel}</h1>
      <h2 className="govuk-heading-m">Core entitlement</h2>
      <SummaryList
        rows={[
          {
            key: 'Category of support',
            value: category
              ? `${category.name}: ${formatDays(category.fundedDays * 100)} funded a year`
              : `Not placed in a category for ${yearLabel}: no funded days, so every visit is traded`,
          },
          { key: 'Entitled', value: formatDays(position.entitledHundredths) },
          { key: 'Drawn', value: formatDays(position.drawnHundredths) },
          { key: 'Remaining', value: formatDays(position.remainingHundredths) },
          {
            key: 'Traded (beyond the entitlement)',
            value:
              position.tradedHundredths === 0 ? (
                'None'
              ) : (
                <>
                  {formatDays(position.tradedHundredths)}
                  {position.tradedOnLineHundredths > 0
                    ? `: ${formatDays(position.tradedOnLineHundredths)} on the school’s purchase`
                    : ''}
                  {position.tradedNotCommissionedHundredths > 0
                    ? `${position.tradedOnLineHundredths > 0 ? ';' : ':'} ${formatDays(position.tradedNotCommissionedHundredths)} not commissioned${position.notCommissionedChargePence > 0 ? `, ${formatPence(position.notCommissionedChargePence)} at the published day rate` : ''}${position.unpricedHundredths > 0 ? ` (${formatDays(position.unpricedHundredths)} with no published price)` : ''}`
                    : ''}
                </>
              ),
          },
        ]}
      />
      {canRecord ? (
        <p className="govuk-body">
          <ButtonLink href={`${base}/new`}>Log a visit</ButtonLink>
        </p>
      ) : null}
      {visits.length === 0 ? (
        <p className="govuk-body">No visits logged for {yearLabel}.</p>
      ) : (
        <Table
          caption={`Visits in ${yearLabel}`}
          captionClassName="govuk-table__caption--m"
          head={['Date', 'Type', 'Practitioner', 'Funded', 'Traded', 'Note and agreed actions']}
          rows={visits.map((v) => [
            <a key="d" className="govuk-link" href={`${base}/${v.id}`}>
              {formatDate(v.visitedOn)}
              {v.voided ? (
                <>
                  {' '}
                  <Tag colour="grey">Voided</Tag>
                </>
              ) : null}
            </a>,
            VISIT_TYPES[v.visitType],
            v.practitionerName,
            v.fundedHundredths ? formatDays(v.fundedHundredths) : 'None',
            v.tradedHundredths === 0
              ? 'None'
              : `${formatDays(v.tradedHundredths)} ${v.line ? `on ${v.line.name}` : v.tradedDayRatePence !== null ? `not commissioned (${formatPence(v.tradedDayRatePence)} a day)` : 'not commissioned (no published price)'}`,
            [v.note, v.agreedActions ? `Agreed actions: ${v.agreedActions}` : ''].filter(Boolean).join('. '),
          ])}
        />
      )}
      <p className="govuk-body">
        <a className="govuk-link" href={`${base}?year=${academicYear - 1}`}>
          Visits in {academicYearLabel(academicYear - 1)}
        </a>
      </p>
    </>
  );
}
