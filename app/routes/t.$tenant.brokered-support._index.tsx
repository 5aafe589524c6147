import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { BackLink } from '../components/BackLink';
import type { TitleHandle } from '../components/document-title';
import { StateTag } from '../components/StateTag';
import { Table } from '../components/Table';
import { formatAmount } from '../delivery/delivery-rules';
import { listBrokeredSupport } from '../improvement/broker-support.server';
import { brokerageState } from '../improvement/brokered-words';
import { currentPlacementYear, requireCouncilImprovement } from '../improvement/categories.server';
import { formatPence } from '../money';
import { academicYearLabel } from '../performance/academic-year';
import { BROKERED_FUNDED_BY } from '../vocabulary';

export const handle: TitleHandle = { title: 'Brokered support' };

const DAYS = { singular: 'day', plural: 'days' };
const ENDED = ['cancelled', 'declined', 'rejected'];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, 'improvement.view');
  const asked = new URL(request.url).searchParams.get('year') ?? '';
  const year =
    /^\d{4}$/.test(asked) && Number(asked) >= 2000 && Number(asked) <= 2100 ? Number(asked) : currentPlacementYear();
  const rows = await listBrokeredSupport(ctx, year);
  return {
    slug: ctx.tenant.slug,
    year,
    rows: rows.map((r) => ({
      ...r,
      brokeredAt: new Date(r.brokeredAt).toISOString(),
      withdrawnAt: r.withdrawnAt ? new Date(r.withdrawnAt).toISOString() : null,
    })),
  };
}

function statusCell(r: Parameters<typeof brokerageState>[0]) {
  const state = brokerageState(r);
  return state ? <StateTag key="s" state={state} /> : 'Unknown';
}

export default function BrokeredSupportList() {
  const { slug, year, rows } = useLoaderData<typeof loader>();
  // One withdrawn, cancelled or declined costs only its cancellation charge, if any.
  const authorityPence = rows
    .filter((r) => r.fundedBy === 'authority')
    .reduce(
      (sum, r) =>
        sum +
        (ENDED.includes(r.lineStatus ?? '')
          ? r.cancellationChargePence
          : Math.round((r.daysHundredths * r.dayRatePence) / 100)),
      0,
    );
  return (
    <>
      <BackLink href={`/t/${slug}/schools`}>Back to schools</BackLink>
      <h1 className="govuk-heading-l">Brokered support for {academicYearLabel(year)}</h1>
      <p className="govuk-body">
        Support brokered from teaching schools, trusts and other councils for your schools. Broker support from a
        school’s page.
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={`/t/${slug}/brokered-support?year=${year - 1}`}>
          {academicYearLabel(year - 1)}
        </a>{' '}
        ·{' '}
        <a className="govuk-link" href={`/t/${slug}/brokered-support?year=${year + 1}`}>
          {academicYearLabel(year + 1)}
        </a>
      </p>
      {rows.length === 0 ? (
        <p className="govuk-body">Nothing brokered for {academicYearLabel(year)} yet.</p>
      ) : (
        <>
          <p className="govuk-body">Committed from the authority’s budget: {formatPence(authorityPence)}.</p>
          <Table
            caption={`${rows.length} ${rows.length === 1 ? 'brokerage' : 'brokerages'} for ${academicYearLabel(year)}`}
            head={[
              'Reference',
              'School',
              'Supported by',
              'Days',
              'Day rate',
              'Paid by',
              'Status',
              'Days confirmed',
              'Feedback',
            ]}
            rows={rows.map((r) => [
              <a key="ref" className="govuk-link" href={`/t/${slug}/brokered-support/${r.id}`}>
                {r.reference}
              </a>,
              r.schoolName,
              `${r.providerName}: ${r.serviceName}`,
              formatAmount(r.daysHundredths, DAYS),
              formatPence(r.dayRatePence),
              BROKERED_FUNDED_BY[r.fundedBy].label,
              statusCell(r),
              `${formatAmount(r.confirmedHundredths, DAYS)}${r.awaitingHundredths > 0 ? ` (${formatAmount(r.awaitingHundredths, DAYS)} waiting)` : ''}`,
              r.feedbackCount === 0
                ? 'None yet'
                : `${r.feedbackCount} (average ${(r.ratingSum / r.feedbackCount).toFixed(1)} out of 5)`,
            ])}
          />
        </>
      )}
    </>
  );
}
