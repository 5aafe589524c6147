import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData, useSearchParams } from '@remix-run/react';
import { notFound } from '../auth/guards.server';
import { BackLink } from '../components/BackLink';
import type { TitleHandle } from '../components/document-title';
import { NotificationBanner } from '../components/NotificationBanner';
import { StateTag } from '../components/StateTag';
import { SummaryList } from '../components/SummaryList';
import { formatAmount } from '../delivery/delivery-rules';
import { isUuid } from '../forms/ids';
import { viewBrokeredSupport } from '../improvement/broker-support.server';
import { requireCouncilImprovement } from '../improvement/categories.server';
import { formatPence } from '../money';
import { academicYearLabel } from '../performance/academic-year';
import { BROKERED_FUNDED_BY, LINE_STATES } from '../vocabulary';
import type { LineStatus } from '../../db/schema';

export const handle: TitleHandle = { title: 'Brokered support' };

const DAYS = { singular: 'day', plural: 'days' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, 'improvement.view');
  if (!isUuid(params.brokerageId)) throw notFound();
  const found = await viewBrokeredSupport(ctx, params.brokerageId!);
  if (!found) throw notFound();
  return { slug: ctx.tenant.slug, b: { ...found, brokeredAt: new Date(found.brokeredAt).toISOString() } };
}

export default function BrokeredSupportDetail() {
  const { slug, b } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const totalPence = Math.round((b.daysHundredths * b.dayRatePence) / 100);
  return (
    <>
      <BackLink href={`/t/${slug}/brokered-support?year=${b.academicYear}`}>Back to brokered support</BackLink>
      {search.get('brokered') ? (
        <NotificationBanner type="success" title="Success">
          {b.providerName} has order {b.orderReference} to accept for {formatAmount(b.daysHundredths, DAYS)} at{' '}
          {formatPence(b.dayRatePence)} a day.
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">Brokered support {b.reference}</span>
      <h1 className="govuk-heading-l">
        {b.providerName} supporting {b.schoolName}
      </h1>
      <SummaryList
        rows={[
          {
            key: 'School',
            value: (
              <a className="govuk-link" href={`/t/${slug}/schools/${b.urn}`}>
                {b.schoolName}, URN {b.urn}
              </a>
            ),
          },
          { key: 'Academic year', value: academicYearLabel(b.academicYear) },
          { key: 'Supporting provider', value: b.providerName },
          { key: 'Service', value: b.serviceName },
          { key: 'Days', value: formatAmount(b.daysHundredths, DAYS) },
          { key: 'Agreed day rate', value: formatPence(b.dayRatePence) },
          { key: 'Total', value: formatPence(totalPence) },
          { key: 'Paid by', value: BROKERED_FUNDED_BY[b.fundedBy].label },
          { key: 'Reason', value: b.reason },
          { key: 'Order at the provider', value: b.orderReference },
          {
            key: 'Status',
            value: b.lineStatus ? <StateTag state={LINE_STATES[b.lineStatus as LineStatus]} /> : 'Unknown',
          },
          { key: 'Days confirmed', value: formatAmount(b.confirmedHundredths, DAYS) },
          { key: 'Days waiting for confirmation', value: formatAmount(b.awaitingHundredths, DAYS) },
          {
            key: 'Feedback',
            value:
              b.feedbackCount === 0
                ? 'None yet'
                : `${b.feedbackCount} ${b.feedbackCount === 1 ? 'review' : 'reviews'}, average ${(b.ratingSum / b.feedbackCount).toFixed(1)} out of 5`,
          },
          {
            key: 'Brokered',
            value: `${new Date(b.brokeredAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' })}${b.brokeredByName ? ` by ${b.brokeredByName}` : ''}`,
          },
        ]}
      />
    </>
  );
}
