import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { agreementForProvider } from '../agreements/agreement-detail.server';
import { lineForm } from '../agreements/agreement-form';
import { LineProposalForm } from '../agreements/LineProposalForm';
import { proposeLineAsProvider } from '../agreements/propose-line.server';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
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
  const ctx = await requireTenantMember(request, params.tenant, 'orders.view');
  if (!isUuid(params.agreementId)) throw notFound();
  return {
    ...(await agreementForProvider(ctx, params.agreementId)),
    canManage: providerCan(ctx.role, 'orders.manage'),
    idempotencyKey: crypto.randomUUID(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'orders.manage');
  if (!isUuid(params.agreementId)) throw notFound();
  const parsed = parseForm(lineForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const line = await proposeLineAsProvider(ctx, params.agreementId, parsed.data, publicBaseUrl(request));
    return redirect(`/t/${ctx.tenant.slug}/agreements/${params.agreementId}?proposed=${line.reference}`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function AgreementPage() {
  const { agreement, years, prices, lines, canManage, idempotencyKey, poRequired } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  return (
    <>
      <BackLink href={`/t/${agreement.slug}/agreements`}>Back to agreements</BackLink>
      <ErrorSummary errors={result?.errors ?? []} />
      {params.get('created') ? <NotificationBanner type="success" heading="Agreement started" /> : null}
      {params.get('proposed') ? (
        <NotificationBanner
          type="success"
          heading={`${params.get('proposed')} proposed: it waits for the council to agree`}
        />
      ) : null}
      <span className="govuk-caption-l">{agreement.reference}</span>
      <h1 className="govuk-heading-l">{agreement.title}</h1>
      <SummaryList
        rows={[
          { key: 'Provider', value: agreement.providerName },
          { key: 'Commissioning council', value: agreement.commissionerName },
          { key: 'Contract years', value: years.map((y) => y.label).join(', ') },
          { key: 'Our contact', value: `${agreement.providerContact.name} (${agreement.providerContact.email})` },
          {
            key: "The council's contact",
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
          caption="Commissioned lines"
          captionClassName="govuk-table__caption--m"
          head={['Order', 'Period', 'Proposed by', 'Total', 'Status']}
          rows={lines.map((l) => [
            <a key="o" className="govuk-link" href={`/t/${agreement.slug}/orders/${l.orderId}`}>
              {l.reference}
            </a>,
            l.period || '–',
            l.proposedBy === 'buyer' ? 'The council' : 'Us',
            formatPence(l.totalPence),
            STATUS_NAMES[l.status],
          ])}
        />
      ) : (
        <p className="govuk-body">Nothing has been commissioned under this agreement yet.</p>
      )}
      {canManage && agreement.status === 'active' ? (
        <>
          <h2 className="govuk-heading-m">Propose a line</h2>
          <p className="govuk-body">The council's contact agrees to it before it becomes active.</p>
          <LineProposalForm
            csrf={csrf}
            idempotencyKey={idempotencyKey}
            prices={prices}
            years={years}
            values={result?.values ?? {}}
            errors={result?.errors ?? []}
            poRequired={poRequired}
            submitLabel="Propose line"
          />
        </>
      ) : null}
    </>
  );
}
