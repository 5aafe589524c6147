import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { changeServiceStatus } from '../catalogue/save-service.server';
import { serviceDetail } from '../catalogue/service-detail.server';
import { CATEGORIES, UNIT_KINDS, VAT_CODES } from '../catalogue/service-input';
import { BackLink } from '../components/BackLink';
import { ButtonLink } from '../components/Button';
import { ConfirmPage } from '../components/ConfirmPage';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { StateTag } from '../components/StateTag';
import { SERVICE_STATES } from '../vocabulary';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { parseForm } from '../forms/parse-form';
import { formatPence } from '../money';
import { describePrice } from '../pricing/price-fields';
import { useCsrfToken } from '../root';
import { customerClassNames } from '../tenancy/customer-class';

export const handle: TitleHandle<typeof loader> = {
  title: (data) =>
    data?.asking
      ? `${data.asking === 'published' ? 'Publish' : 'Retire'} ${data.service.name}?`
      : (data?.service.name ?? 'Service'),
};

/** "Publish" and "Retire" each lead to a question first (`?confirm=`); its POST acts. */
function askingFor(request: Request, status: string, canManage: boolean) {
  const asked = new URL(request.url).searchParams.get('confirm');
  if (!canManage || status === 'retired') return null;
  if (asked === 'published' && status === 'draft') return 'published' as const;
  if (asked === 'retired') return 'retired' as const;
  return null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.view');
  if (!isUuid(params.serviceId)) throw notFound();
  const detail = await serviceDetail(ctx, params.serviceId);
  const s = detail.service;
  const unit = UNIT_KINDS[s.unit_kind];
  const canManage = providerCan(ctx.role, 'catalogue.manage');
  return {
    slug: ctx.tenant.slug,
    canManage,
    asking: askingFor(request, s.status, canManage),
    service: {
      id: s.id,
      code: s.code,
      name: s.name,
      status: s.status,
      category: CATEGORIES[s.category],
      description: s.description,
      included: s.included,
      deliveredBy: s.delivered_by,
      statutory: s.statutory,
      unit: s.unit_hours ? `${unit.singular} of ${Number(s.unit_hours)} hours` : unit.singular,
      ledger: [s.cost_centre, s.subjective_code].filter(Boolean).join(' / ') || 'Not set',
      vat: Object.entries(s.vat_by_class)
        .filter(([cls]) => cls !== 'own_maintained')
        .map(([cls, code]) => `${customerClassNames[cls as keyof typeof customerClassNames]}: ${VAT_CODES[code]}`),
      cancellationTerms: s.cancellation_terms,
      soldTo: [
        s.sold_to.ownArea ? "Own area's schools" : null,
        s.sold_to.authorities.length ? `Schools of authorities ${s.sold_to.authorities.join(', ')}` : null,
        s.sold_to.partnerCouncils ? 'Partner councils' : null,
        s.sold_to.anySchool ? 'Any school in England' : null,
      ].filter(Boolean) as string[],
      overagePolicy: s.overage_policy,
    },
    costPerUnit: detail.costPerUnitPence,
    schedule: detail.schedule,
    prices: detail.prices.map((p) => ({
      customerClass: p.customerClass,
      description: p.price ? describePrice(p.price, unit) : null,
      perUnit: p.perUnit,
      recovery: p.recovery,
    })),
  };
}

const statusForm = z.object({ intent: z.enum(['published', 'retired'], { error: 'Choose publish or retire' }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.manage');
  if (!isUuid(params.serviceId)) throw notFound();
  const parsed = parseForm(statusForm, await readForm(request));
  if (!parsed.ok) return data({ intent: undefined, errors: parsed.errors }, { status: 400 });
  try {
    await changeServiceStatus(ctx, params.serviceId, parsed.data.intent);
    return redirect(`/t/${ctx.tenant.slug}/services/${params.serviceId}?status=${parsed.data.intent}`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { intent: parsed.data.intent, errors: [{ field: error.field, message: error.message }] },
        { status: error.status },
      );
    throw error;
  }
}

export default function ServicePage() {
  const { slug, canManage, asking, service, costPerUnit, schedule, prices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const changed = params.get('status');
  const base = `/t/${slug}/services/${service.id}`;
  const confirming = asking ?? result?.intent;
  if (confirming)
    return (
      <ConfirmPage
        caption={service.code}
        question={`Are you sure you want to ${confirming === 'published' ? 'publish' : 'retire'} ${service.name}?`}
        csrf={csrf}
        action={base}
        fields={<input type="hidden" name="intent" value={confirming} />}
        buttonLabel={confirming === 'published' ? 'Yes, publish this service' : 'Yes, retire this service'}
        buttonVariant={confirming === 'published' ? 'primary' : 'warning'}
        cancelHref={base}
        errors={(result?.errors ?? []).map((e) => ({ message: e.message }))}
      >
        <p className="govuk-body">
          {confirming === 'published'
            ? 'Buyers it is sold to can find it in the catalogue and order it at the prices of the published charge schedule.'
            : 'Buyers can no longer find or order it, and a retired service cannot be published again.'}
        </p>
      </ConfirmPage>
    );
  return (
    <>
      <BackLink href={`/t/${slug}/services`}>Back to services</BackLink>
      <ErrorSummary errors={result?.errors ?? []} />
      {params.get('saved') ? <NotificationBanner type="success" heading="Service saved" /> : null}
      {changed ? (
        <NotificationBanner
          type="success"
          heading={changed === 'published' ? 'Service published' : 'Service retired'}
        />
      ) : null}
      <span className="govuk-caption-l">{service.code}</span>
      <h1 className="govuk-heading-l">
        {service.name} <StateTag state={SERVICE_STATES[service.status]} />
      </h1>
      <SummaryList
        rows={[
          { key: 'Category', value: service.category },
          { key: 'Statutory or traded', value: service.statutory ? 'Statutory' : 'Traded' },
          { key: 'Description', value: service.description || 'None' },
          { key: 'What is included', value: service.included || 'None' },
          { key: 'Delivered by', value: service.deliveredBy || 'Not set' },
          { key: 'Unit of delivery', value: service.unit },
          { key: 'Who may buy it', value: service.soldTo.join('; ') },
          { key: 'VAT', value: service.vat.join('; ') },
          { key: 'Cost centre / subjective', value: service.ledger },
          { key: 'Cancellation terms', value: service.cancellationTerms || 'None' },
          {
            key: 'Use beyond what was bought',
            value: service.overagePolicy === 'charge' ? 'Charged at the overage rate' : 'Refused',
          },
        ]}
      />
      {canManage && service.status !== 'retired' ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/t/${slug}/services/${service.id}/edit`}>
            Change the details<span className="govuk-visually-hidden"> of {service.name}</span>
          </a>
        </p>
      ) : null}

      <h2 className="govuk-heading-m">Prices and cost recovery</h2>
      <p className="govuk-body">
        {schedule ? `From the ${schedule.label}.` : 'No charge schedule is published yet.'}{' '}
        {costPerUnit !== null
          ? `Full cost per unit: ${formatPence(costPerUnit)}.`
          : 'No cost model: add salary and productive days to see cost recovery.'}
      </p>
      <Table
        head={['Customer class', 'Price', 'Price per unit', 'Cost recovery']}
        firstCellIsHeader
        rows={prices.map((p) => [
          customerClassNames[p.customerClass],
          p.description ?? 'No price',
          p.perUnit !== null ? formatPence(p.perUnit) : '–',
          p.recovery !== null ? `${p.recovery}%` : '–',
        ])}
      />

      {canManage && service.status !== 'retired' ? (
        <div className="govuk-button-group">
          {service.status === 'draft' ? (
            <ButtonLink href={`${base}?confirm=published`}>Publish this service</ButtonLink>
          ) : null}
          <ButtonLink href={`${base}?confirm=retired`} variant="warning">
            Retire this service
          </ButtonLink>
        </div>
      ) : null}
    </>
  );
}
