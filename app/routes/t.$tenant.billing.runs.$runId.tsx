import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { billingRunProgress } from '../billing/billing-run-progress.server';
import { formatDate } from '../calendar/contract-year';
import { formatMoment } from '../calendar/format-instant';
import { BackLink } from '../components/BackLink';
import type { TitleHandle } from '../components/document-title';
import { StateTag } from '../components/StateTag';
import { SummaryList } from '../components/SummaryList';
import { WarningText } from '../components/WarningText';
import { isUuid } from '../forms/ids';
import { BILLING_RUN_STATES } from '../vocabulary';

export const handle: TitleHandle<typeof loader> = {
  title: (data) => (data ? `Billing run: ${data.run.periodLabel}` : 'Billing run'),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.runId)) throw notFound();
  const run = await billingRunProgress(ctx, params.runId);
  if (!run) throw notFound();
  return { slug: ctx.tenant.slug, run };
}

/** While a run works the page asks again this often; without JavaScript it reloads itself. */
const POLL_MS = 2000;

export default function BillingRun() {
  const { slug, run } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!run.working) return;
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [run.working, revalidator]);

  const total = run.customersTotal;
  return (
    <>
      {/* Only a browser without JavaScript reloads: with it, the page asks for the numbers itself. */}
      {run.working ? (
        <noscript>
          <meta httpEquiv="refresh" content="5" />
        </noscript>
      ) : null}
      <BackLink href={`/t/${slug}/billing`}>Back to billing runs</BackLink>
      <span className="govuk-caption-l">Billing run</span>
      <h1 className="govuk-heading-l">{run.periodLabel}</h1>
      <div aria-live="polite">
        {run.status === 'queued' ? (
          <p className="govuk-body-l">Waiting to start.</p>
        ) : run.status === 'running' ? (
          <p className="govuk-body-l">
            {total === null
              ? 'Finding the customers with something due.'
              : `Billed ${run.customersDone} of ${total} customers so far: ${run.documentsMade} drafts with ${run.linesMade} lines.`}
          </p>
        ) : run.status === 'failed' ? (
          <WarningText>{run.outcome ?? 'The run stopped.'}</WarningText>
        ) : (
          <p className="govuk-body-l">{run.outcome}</p>
        )}
      </div>
      {run.working ? <p className="govuk-body">You can leave this page: the run carries on.</p> : null}
      <SummaryList
        rows={[
          { key: 'Status', value: <StateTag state={BILLING_RUN_STATES[run.status]} /> },
          { key: 'Bills everything due up to', value: formatDate(run.periodEnd) },
          { key: 'Customers', value: total === null ? 'Not counted yet' : `${run.customersDone} of ${total} done` },
          { key: 'Drafts made', value: String(run.documentsMade) },
          { key: 'Lines billed', value: String(run.linesMade) },
          { key: 'Started by', value: run.startedByName ?? 'Unknown' },
          { key: 'Started', value: formatMoment(run.startedAt) },
          ...(run.finishedAt ? [{ key: 'Finished', value: formatMoment(run.finishedAt) }] : []),
        ]}
      />
      {run.errors.length ? (
        <>
          <h2 className="govuk-heading-m">Customers not billed</h2>
          <p className="govuk-body">
            Nothing was billed to these customers in this run. Put the problem right, then run billing again.
          </p>
          <ul className="govuk-list govuk-list--bullet">
            {run.errors.map((e, i) => (
              <li key={i}>
                <strong>{e.customer}</strong>: {e.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {run.status === 'finished' && run.documentsMade > 0 ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/t/${slug}/documents?run=${run.id}`}>
            Review the {run.documentsMade} drafts this run made
          </a>
        </p>
      ) : null}
    </>
  );
}
