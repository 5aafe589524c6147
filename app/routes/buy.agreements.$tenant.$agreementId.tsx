import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { agreementForCommissioner } from '../agreements/agreement-detail.server';
import { lineForm } from '../agreements/agreement-form';
import { LineProposalForm } from '../agreements/LineProposalForm';
import { proposeLineAsCommissioner } from '../agreements/propose-line.server';
import { readForm } from '../auth/csrf.server';
import { notFound, requireBuyer } from '../auth/guards.server';
import { STATUS_NAMES } from '../commissioning/order-state';
import { BackLink } from '../components/BackLink';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { parseForm } from '../forms/parse-form';
import { publicBaseUrl } from '../mail/mailer.server';
import { formatPence } from '../money';
import { useCsrfToken } from '../root';

export const handle: TitleHandle<typeof loader> = {
  title: (d) => (d ? `${d.agreement.reference} ${d.agreement.title}` : 'Agreement'),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.commission');
  if (!params.tenant || !isUuid(params.agreementId)) throw notFound();
  return {
    ...(await agreementForCommissioner(ctx, params.tenant, params.agreementId)),
    idempotencyKey: crypto.randomUUID(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.commission');
  if (!params.tenant || !isUuid(params.agreementId)) throw notFound();
  const parsed = parseForm(lineForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const line = await proposeLineAsCommissioner(
      ctx,
      params.tenant,
      params.agreementId,
      parsed.data,
      publicBaseUrl(request),
    );
    return redirect(`/buy/agreements/${params.tenant}/${params.agreementId}?commissioned=${line.reference}`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function BuyerAgreement() {
  const { agreement, years, prices, lines, idempotencyKey, poRequired } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  return (
    <>
      <BackLink href="/buy/agreements">Back to agreements</BackLink>
      <ErrorSummary errors={result?.errors ?? []} />
      {params.get('commissioned') ? (
        <NotificationBanner type="success" heading={`${params.get('commissioned')} sent to ${agreement.providerName}`}>
          <p className="govuk-body">It becomes active when they accept it.</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">
        {agreement.reference} with {agreement.providerName}
      </span>
      <h1 className="govuk-heading-l">{agreement.title}</h1>
      <SummaryList
        rows={[
          { key: 'Contract years', value: years.map((y) => y.label).join(', ') },
          {
            key: "Provider's contact",
            value: `${agreement.providerContact.name} (${agreement.providerContact.email})`,
          },
          {
            key: 'Your contact',
            value: `${agreement.commissionerContact.name} (${agreement.commissionerContact.email})`,
          },
          { key: 'Notes', value: agreement.notes || 'None' },
        ]}
      />
      <Table
        caption="Agreed charges"
        captionClassName="govuk-table__caption--m"
        head={['Service', 'Charge']}
        firstCellIsHeader
        rows={prices.map((p) => [p.name, p.description])}
      />
      {lines.length ? (
        <Table
          caption="What you have commissioned"
          captionClassName="govuk-table__caption--m"
          head={['Order', 'Period', 'Proposed by', 'Total', 'Status']}
          rows={lines.map((l) => [
            <a key="o" className="govuk-link" href={`/buy/orders/${agreement.slug}/${l.orderId}`}>
              {l.reference}
            </a>,
            l.period || '–',
            l.proposedBy === 'buyer' ? 'You' : agreement.providerName,
            formatPence(l.totalPence),
            STATUS_NAMES[l.status],
          ])}
        />
      ) : (
        <p className="govuk-body">Nothing commissioned yet.</p>
      )}
      {agreement.status === 'active' ? (
        <>
          <h2 className="govuk-heading-m">Commission more</h2>
          <LineProposalForm
            csrf={csrf}
            idempotencyKey={idempotencyKey}
            prices={prices}
            years={years}
            values={result?.values ?? {}}
            errors={result?.errors ?? []}
            poRequired={poRequired}
            submitLabel="Commission"
          />
        </>
      ) : null}
    </>
  );
}
