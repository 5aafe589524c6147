import type { TitleHandle } from '../components/document-title';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireTenantMember } from '../auth/guards.server';
import { providerCan, providerRoleNames } from '../auth/permissions';
import { formatDate } from '../calendar/contract-year';
import { formatDay } from '../calendar/format-instant';
import { formatAmount } from '../delivery/delivery-rules';
import { formatPence } from '../money';
import { loadProviderQueue } from '../work-queue/load-provider-queue.server';
import { countOf, QueueSection } from '../work-queue/QueueSection';

export const handle: TitleHandle<typeof loader> = { title: (data) => data?.tenantName ?? 'Provider' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant);
  return {
    tenantName: ctx.tenant.name,
    slug: ctx.tenant.slug,
    role: ctx.role,
    canViewCalendar: providerCan(ctx.role, 'orders.view'),
    queue: await loadProviderQueue(ctx),
  };
}

const documentName = (d: { kind: string; number: string | null }) =>
  d.number ?? `Draft ${d.kind === 'credit_note' ? 'credit note' : d.kind}`;

export default function TenantHome() {
  const { tenantName, slug, role, canViewCalendar, queue: q } = useLoaderData<typeof loader>();
  const t = `/t/${slug}`;
  const nothing =
    !q.ordersToAccept?.count &&
    !q.disputesToResolve?.count &&
    !q.renewalsOutstanding?.length &&
    !q.yearsToPrice?.length &&
    !q.assignedLines?.count &&
    !q.myDisputes?.count &&
    !q.draftDocuments?.count &&
    !q.overdueDocuments?.count &&
    !q.unallocatedPayments?.count;
  return (
    <>
      <span className="govuk-caption-l">You are signed in as {providerRoleNames[role].toLowerCase()}</span>
      <h1 className="govuk-heading-l">{tenantName}</h1>
      {nothing ? <p className="govuk-body">Nothing waits for you.</p> : null}

      {q.ordersToAccept?.count ? (
        <QueueSection
          title="Orders to accept"
          summary={`${countOf(q.ordersToAccept.count, 'order waits', 'orders wait')} for you to accept or decline.`}
          head={['Order', 'Customer', 'Submitted']}
          rows={q.ordersToAccept.first.map((o) => [
            <a key="o" className="govuk-link" href={`${t}/orders/${o.id}`}>
              {o.reference}
            </a>,
            o.buyerName,
            formatDay(o.submittedAt),
          ])}
          more={{ href: `${t}/orders`, text: 'All orders' }}
        />
      ) : null}

      {q.disputesToResolve?.count ? (
        <QueueSection
          title="Disputed delivery records"
          summary={`${countOf(q.disputesToResolve.count, 'record a school disputed waits', 'records schools disputed wait')} for you to resolve.`}
          head={['Record', 'Customer', 'Order', 'What is wrong']}
          rows={q.disputesToResolve.first.map((d) => [
            <a key="d" className="govuk-link" href={`${t}/lines/${d.lineId}`}>
              {d.serviceName}, {formatDate(d.deliveredOn)}
            </a>,
            d.buyerName,
            d.reference,
            d.disputeReason ?? '',
          ])}
        />
      ) : null}

      {q.renewalsOutstanding?.length ? (
        <QueueSection
          title="Renewals outstanding"
          summary="Schools that have not yet answered an open buy-back window."
          head={['Contract year', 'Schools yet to answer', 'Subscriptions unanswered', 'Closes']}
          rows={q.renewalsOutstanding.map((r) => [
            <a key="r" className="govuk-link" href={`${t}/renewals`}>
              {r.label}
            </a>,
            String(r.organisations),
            String(r.unanswered),
            formatDate(r.closesOn),
          ])}
        />
      ) : null}

      {q.yearsToPrice?.length ? (
        <QueueSection
          title="Charge schedules to publish"
          summary="Schools cannot order for these contract years until their charge schedule is published."
          head={['Contract year', 'Starts', 'Action']}
          rows={q.yearsToPrice.map((y) => [
            y.label,
            y.started ? `Started ${formatDate(y.start)}` : formatDate(y.start),
            y.draftId ? (
              <a key="y" className="govuk-link" href={`${t}/schedules/${y.draftId}`}>
                Publish the draft<span className="govuk-visually-hidden"> for the {y.label}</span>
              </a>
            ) : (
              <a key="y" className="govuk-link" href={`${t}/schedules`}>
                Make a schedule<span className="govuk-visually-hidden"> for the {y.label}</span>
              </a>
            ),
          ])}
        />
      ) : null}

      {q.assignedLines?.count ? (
        <QueueSection
          title="Work assigned to you"
          summary={`${countOf(q.assignedLines.count, 'line has', 'lines have')} work still to deliver.`}
          head={['Service', 'Customer', 'Order', 'Remaining']}
          rows={q.assignedLines.first.map((l) => [
            <a key="l" className="govuk-link" href={`${t}/lines/${l.id}`}>
              {l.serviceName}
              <span className="govuk-visually-hidden"> for {l.buyerName}</span>
            </a>,
            l.buyerName,
            l.reference,
            l.remainingHundredths === null ? 'Not counted' : formatAmount(l.remainingHundredths, l.unit),
          ])}
          more={{ href: `${t}/work`, text: 'All your work' }}
        />
      ) : null}

      {q.myDisputes?.count ? (
        <QueueSection
          title="Your records disputed"
          summary={`${countOf(q.myDisputes.count, 'of your delivery records is', 'of your delivery records are')} disputed by the school.`}
          head={['Record', 'Customer', 'What is wrong']}
          rows={q.myDisputes.first.map((d) => [
            <a key="d" className="govuk-link" href={`${t}/lines/${d.lineId}`}>
              {d.serviceName}, {formatDate(d.deliveredOn)}
            </a>,
            d.buyerName,
            d.disputeReason ?? '',
          ])}
        />
      ) : null}

      {q.draftDocuments?.count ? (
        <QueueSection
          title="Drafts to finalise"
          summary={`${countOf(q.draftDocuments.count, 'draft billing document waits', 'draft billing documents wait')} to be checked and finalised.`}
          head={['Document', 'Customer', 'Comes to']}
          rows={q.draftDocuments.first.map((d) => [
            <a key="d" className="govuk-link" href={`${t}/documents/${d.id}`}>
              {documentName(d)}
              <span className="govuk-visually-hidden"> for {d.customerName}</span>
            </a>,
            d.customerName,
            formatPence(d.pence),
          ])}
          more={{ href: `${t}/documents?status=draft`, text: 'All drafts' }}
        />
      ) : null}

      {q.overdueDocuments?.count ? (
        <QueueSection
          title="Overdue"
          summary={`${countOf(q.overdueDocuments.count, 'document is', 'documents are')} past the due date and not fully paid.`}
          head={['Document', 'Customer', 'Due', 'Owed']}
          rows={q.overdueDocuments.first.map((d) => [
            <a key="d" className="govuk-link" href={`${t}/documents/${d.id}`}>
              {documentName(d)}
            </a>,
            d.customerName,
            d.dueOn ? formatDate(d.dueOn) : '',
            formatPence(d.pence),
          ])}
          more={{ href: `${t}/documents?status=final`, text: 'All final documents' }}
        />
      ) : null}

      {q.unallocatedPayments?.count ? (
        <QueueSection
          title="Payments to allocate"
          summary={`${countOf(q.unallocatedPayments.count, 'payment has', 'payments have')} money not yet allocated to a document.`}
          head={['Payment', 'Customer', 'Received', 'Unallocated']}
          rows={q.unallocatedPayments.first.map((p) => [
            <a key="p" className="govuk-link" href={`${t}/payments/${p.id}`}>
              {p.reference || 'Payment'}
              <span className="govuk-visually-hidden"> from {p.customerName}</span>
            </a>,
            p.customerName,
            formatDate(p.receivedOn),
            formatPence(p.unallocatedPence),
          ])}
          more={{ href: `${t}/payments`, text: 'All payments' }}
        />
      ) : null}

      {canViewCalendar ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`${t}/calendar`}>
            Term dates and contract years
          </a>
        </p>
      ) : null}
    </>
  );
}
