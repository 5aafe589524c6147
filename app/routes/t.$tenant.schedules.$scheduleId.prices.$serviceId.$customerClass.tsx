import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { findSchedule, findSchedulePrice, findService } from '../../db/queries/catalogue';
import type { CustomerClass } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { contractYearLabel } from '../calendar/contract-year';
import { CUSTOMER_CLASSES, UNIT_KINDS } from '../catalogue/service-input';
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
import { isUuid } from '../forms/ids';
import { fieldError } from '../forms/parse-form';
import { MODEL_NAMES, parsePriceFields, priceToFields, PRICE_FIELDS, type PriceFields } from '../pricing/price-fields';
import { priceModelSchema } from '../pricing/price-model';
import { setServicePrice } from '../pricing/set-service-prices.server';
import { useCsrfToken } from '../root';
import { customerClassNames } from '../tenancy/customer-class';

export const handle: TitleHandle<typeof loader> = {
  title: (data) => (data ? `Price of ${data.serviceName}` : 'Price'),
};

function parseParams(params: Record<string, string | undefined>) {
  const customerClass = params.customerClass as CustomerClass;
  if (!isUuid(params.scheduleId) || !isUuid(params.serviceId) || !CUSTOMER_CLASSES.includes(customerClass))
    throw notFound();
  return { scheduleId: params.scheduleId, serviceId: params.serviceId, customerClass };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.manage');
  const { scheduleId, serviceId, customerClass } = parseParams(params);
  return withTenant(ctx, async (tx) => {
    const schedule = await findSchedule(tx, ctx.tenantId, scheduleId);
    const service = await findService(tx, ctx.tenantId, serviceId);
    if (!schedule || !service) throw notFound();
    const row = await findSchedulePrice(tx, ctx.tenantId, scheduleId, serviceId, customerClass);
    return {
      slug: ctx.tenant.slug,
      scheduleId,
      scheduleLabel: `${contractYearLabel(schedule.year_kind, schedule.year_start)}, version ${schedule.version}`,
      published: schedule.status === 'published',
      serviceName: service.name,
      unit: UNIT_KINDS[service.unit_kind],
      customerClass,
      values: row ? priceToFields(priceModelSchema.parse(row.price)) : ({ model: 'per_unit' } as PriceFields),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'catalogue.manage');
  const { scheduleId, serviceId, customerClass } = parseParams(params);
  const form = await readForm(request);
  const values = Object.fromEntries(PRICE_FIELDS.map((f) => [f, String(form.get(f) ?? '')])) as Required<PriceFields>;
  try {
    if (form.get('intent') === 'clear') {
      await setServicePrice(ctx, scheduleId, serviceId, customerClass, null);
    } else {
      const parsed = parsePriceFields(values);
      if (!parsed.ok)
        return data(
          { errors: parsed.problems.map((p) => ({ field: p.field, message: p.message })), values },
          { status: 400 },
        );
      await setServicePrice(ctx, scheduleId, serviceId, customerClass, parsed.price);
    }
    return redirect(`/t/${ctx.tenant.slug}/schedules/${scheduleId}`);
  } catch (error) {
    if (isDomainError(error))
      return data({ errors: [{ field: error.field, message: error.message }], values }, { status: error.status });
    throw error;
  }
}

export default function PriceEditor() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const v: PriceFields = result?.values ?? loaded.values;
  const e = (f: string) => fieldError(errors, f);
  const { unit } = loaded;
  return (
    <>
      <BackLink href={`/t/${loaded.slug}/schedules/${loaded.scheduleId}`}>Back to the schedule</BackLink>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">
        {loaded.scheduleLabel} · {customerClassNames[loaded.customerClass]}
      </span>
      <h1 className="govuk-heading-l">Price of {loaded.serviceName}</h1>
      {loaded.published ? (
        <p className="govuk-body">
          This schedule is published and cannot change. Start a new version to change prices.
        </p>
      ) : (
        <form method="post" noValidate>
          <CsrfInput token={csrf} />
          <Radios
            name="model"
            legend="Pricing model"
            items={Object.entries(MODEL_NAMES).map(([value, label]) => ({ value, label }))}
            defaultValue={v.model}
            error={e('model')}
          />
          <p className="govuk-body">
            Fill in the fields for the model you chose; the others are ignored. Amounts are in pounds and pence.
          </p>
          <h2 className="govuk-heading-s">Per unit</h2>
          <TextInput
            name="unit_price"
            label={`Price per ${unit.singular}`}
            width="10"
            inputMode="decimal"
            defaultValue={v.unit_price}
            error={e('unit_price')}
          />
          <h2 className="govuk-heading-s">Volume bands or graduated tiers</h2>
          <Textarea
            name="bands"
            label="Bands"
            hint={`One band a line, "from-to: price", the last "from+: price". For example: 1-3: 565.00, 4-10: 500.00, 11-20: 475.00, 21+: 432.00 (price per ${unit.singular})`}
            defaultValue={v.bands?.replace(/; /g, '\n')}
            error={e('bands')}
          />
          <h2 className="govuk-heading-s">Flat fee plus per pupil</h2>
          <TextInput
            name="flat_fee"
            label="Flat fee"
            width="10"
            inputMode="decimal"
            defaultValue={v.flat_fee}
            error={e('flat_fee')}
          />
          <TextInput
            name="per_pupil"
            label="Price per pupil on roll"
            width="10"
            inputMode="decimal"
            defaultValue={v.per_pupil}
            error={e('per_pupil')}
          />
          <Textarea
            name="phase_prices"
            label="Prices by phase (optional)"
            hint='One phase a line, "Phase: flat + per pupil". For example: Secondary: 600.00 + 1.50'
            defaultValue={v.phase_prices?.replace(/; /g, '\n')}
            error={e('phase_prices')}
            rows={3}
          />
          <h2 className="govuk-heading-s">Packages</h2>
          <Textarea
            name="packages"
            label="Packages"
            hint={`One package a line, "CODE | Name | ${unit.plural} | price". For example: SILVER | Silver | 10 | 3500.00`}
            defaultValue={v.packages?.replace(/; /g, '\n')}
            error={e('packages')}
            rows={3}
          />
          <Radios
            name="carry_over"
            legend="Do unused units carry over to the next year?"
            inline
            items={[
              { value: 'no', label: 'No' },
              { value: 'yes', label: 'Yes' },
            ]}
            defaultValue={v.carry_over || 'no'}
            error={e('carry_over')}
          />
          <TextInput
            name="overage_unit_price"
            label={`Price per ${unit.singular} beyond the package`}
            hint="Leave blank to refuse use beyond the package"
            width="10"
            inputMode="decimal"
            defaultValue={v.overage_unit_price}
            error={e('overage_unit_price')}
          />
          <h2 className="govuk-heading-s">Annual subscription</h2>
          <TextInput
            name="annual_price"
            label="Annual price"
            width="10"
            inputMode="decimal"
            defaultValue={v.annual_price}
            error={e('annual_price')}
          />
          <Select
            name="instalments"
            label="Instalments"
            items={[
              { value: 'annual', label: 'One annual payment' },
              { value: 'termly', label: 'Termly (3)' },
              { value: 'monthly', label: 'Monthly (12)' },
              { value: 'split_7_5', label: '7/12 then 5/12 (across the financial year end)' },
            ]}
            defaultValue={v.instalments || 'annual'}
            error={e('instalments')}
          />
          <TextInput
            name="included_units"
            label={`${unit.plural.charAt(0).toUpperCase()}${unit.plural.slice(1)} included (optional)`}
            hint={`How many ${unit.plural} the subscription includes, drawn down as work is logged. Leave blank for access without a set number.`}
            width="4"
            inputMode="numeric"
            defaultValue={v.included_units}
            error={e('included_units')}
          />
          <h2 className="govuk-heading-s">For every model</h2>
          <TextInput
            name="minimum_charge"
            label="Minimum charge (optional)"
            width="10"
            inputMode="decimal"
            defaultValue={v.minimum_charge}
            error={e('minimum_charge')}
          />
          <Select
            name="rounding"
            label="Rounding"
            items={[
              { value: '', label: 'To the penny' },
              { value: 'nearest_pound', label: 'To the nearest pound' },
              { value: 'up_to_pound', label: 'Up to the next pound' },
            ]}
            defaultValue={v.rounding ?? ''}
            error={e('rounding')}
          />
          <Button>Save price</Button>{' '}
          <Button name="intent" value="clear" variant="secondary">
            Remove this price
          </Button>
        </form>
      )}
    </>
  );
}
