import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { notFound } from '../auth/guards.server';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { Radios } from '../components/Radios';
import { Select } from '../components/Select';
import { Textarea } from '../components/Textarea';
import { TextInput } from '../components/TextInput';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { publicBaseUrl } from '../mail/mailer.server';
import { brokerForm } from '../improvement/broker-form';
import { brokerChoices, brokerSupport } from '../improvement/broker-support.server';
import { currentPlacementYear, requireCouncilImprovement } from '../improvement/categories.server';
import { formatPence } from '../money';
import { academicYearLabel } from '../performance/academic-year';
import { useCsrfToken } from '../root';
import { BROKERED_FUNDED_BY, PROVIDER_KIND_NAMES } from '../vocabulary';

export const handle: TitleHandle = { title: 'Broker support' };

const PERMISSION = 'improvement.manage';

const urnOf = (raw: string | undefined) => {
  const urn = /^\d{1,9}$/.test(raw ?? '') ? Number(raw) : 0;
  if (urn <= 0) throw notFound();
  return urn;
};
const yearOf = (raw: string | null | undefined) => {
  const year = /^\d{4}$/.test(raw ?? '') ? Number(raw) : currentPlacementYear();
  return year >= 2000 && year <= 2100 ? year : currentPlacementYear();
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, PERMISSION);
  const urn = urnOf(params.urn);
  const year = yearOf(new URL(request.url).searchParams.get('year'));
  const choices = await brokerChoices(ctx, urn, year);
  if (!choices) throw notFound();
  return { slug: ctx.tenant.slug, year, ...choices };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, PERMISSION);
  const urn = urnOf(params.urn);
  const parsed = parseForm(brokerForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const placed = await brokerSupport(ctx, urn, parsed.data, publicBaseUrl(request));
    return redirect(`/t/${ctx.tenant.slug}/brokered-support/${placed.brokerageId}?brokered=1`);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.status === 404) throw notFound();
    return data(
      { errors: [{ field: error.field, message: error.message }], values: parsed.values },
      { status: error.status },
    );
  }
}

const rateText = (pence: number | null) => (pence === null ? 'no published day rate' : `${formatPence(pence)} a day`);

export default function BrokerSupport() {
  const { slug, year, key, school, offers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  return (
    <>
      <BackLink href={`/t/${slug}/schools/${school.urn}`}>Back to {school.name}</BackLink>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">
        {school.name}, URN {school.urn}
      </span>
      <h1 className="govuk-heading-l">Broker support for {academicYearLabel(year)}</h1>
      <p className="govuk-body">
        The provider receives an order for the days at the agreed rate and accepts it as any order; its people then
        record the days they give, and the buyer confirms them and gives feedback.
      </p>
      {offers.length === 0 ? (
        <p className="govuk-body">No other provider publishes a service counted in days yet.</p>
      ) : (
        <form method="post" noValidate>
          <CsrfInput token={csrf} />
          <input type="hidden" name="academicYear" value={String(year)} />
          <input type="hidden" name="key" value={values.key ?? key} />
          <Select
            name="offer"
            label="Supporting provider and service"
            hint="Teaching schools, academy trusts and other councils that publish a service counted in days"
            items={[
              { value: '', label: 'Choose a provider and service' },
              ...offers.map((o) => ({
                value: o.value,
                label: `${o.providerName} (${PROVIDER_KIND_NAMES[o.providerKind as keyof typeof PROVIDER_KIND_NAMES] ?? o.providerKind}): ${o.serviceName} — ${rateText(o.rateIfSchool)} to the school, ${rateText(o.rateIfAuthority)} to the council`,
              })),
            ]}
            defaultValue={values.offer ?? ''}
            error={fieldError(errors, 'offer')}
          />
          <TextInput
            name="days"
            label="Days of support"
            hint="For example 2, or 1.5 for a day and a half"
            inputMode="decimal"
            width="5"
            defaultValue={values.days ?? ''}
            error={fieldError(errors, 'days')}
          />
          <Radios
            name="fundedBy"
            legend="Who pays"
            items={(['authority', 'school'] as const).map((v) => ({
              value: v,
              label: BROKERED_FUNDED_BY[v].label,
              hint: BROKERED_FUNDED_BY[v].hint,
            }))}
            defaultValue={values.fundedBy}
            error={fieldError(errors, 'fundedBy')}
          />
          <TextInput
            name="rate"
            label="Agreed day rate, in pounds"
            hint="Leave blank to use the rate the provider publishes for whoever pays (shown in the list above)"
            inputMode="decimal"
            width="10"
            defaultValue={values.rate ?? ''}
            error={fieldError(errors, 'rate')}
          />
          <Textarea
            name="reason"
            label="Reason"
            hint="Why this school needs the support, and what it is for"
            defaultValue={values.reason ?? ''}
            error={fieldError(errors, 'reason')}
          />
          <Button>Broker the support</Button>
        </form>
      )}
    </>
  );
}
