import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { notFound, requireBuyer } from '../auth/guards.server';
import { CATEGORIES, UNIT_KINDS } from '../catalogue/service-input';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { InsetText } from '../components/InsetText';
import { Select } from '../components/Select';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { Textarea } from '../components/Textarea';
import { DateInput, partsFrom } from '../components/DateInput';
import { TextInput } from '../components/TextInput';
import { contractYearStarting, isRealDate, londonToday } from '../calendar/contract-year';
import { addToBasket } from '../commissioning/basket.server';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { formatPence } from '../money';
import { buyerServicePrice } from '../pricing/buyer-price.server';
import { describePrice } from '../pricing/price-fields';
import { quote } from '../pricing/quote';
import { useCsrfToken } from '../root';
import { customerClassNames } from '../tenancy/customer-class';
import { WarningText } from '../components/WarningText';

export const handle: TitleHandle<typeof loader> = {
  title: (data) => (data ? `${data.quoteErrors.length ? 'Error: ' : ''}${data.service.name}` : 'Service'),
};

const quoteQuery = z.object({
  quantity: z
    .string()
    .trim()
    .min(1, 'Enter a quantity')
    .regex(/^\d+$/, 'Enter the quantity as a whole number, like 3')
    .transform(Number)
    .refine((n) => n >= 1, 'Enter a quantity of 1 or more')
    .refine((n) => n <= 100_000, 'Enter a quantity of 100,000 or fewer'),
  package: z.string().trim().max(40).optional(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request);
  if (!params.tenant || !isUuid(params.serviceId)) throw notFound();
  const url = new URL(request.url);
  const found = await buyerServicePrice(ctx, params.tenant, params.serviceId, {
    yearKey: url.searchParams.get('year') ?? undefined,
    schoolId: url.searchParams.get('school') ?? undefined,
  });
  const unit = UNIT_KINDS[found.service.unit_kind];
  const asked = url.searchParams.has('quantity');
  const quoteErrors: Array<{ field?: string; message: string }> = [];
  let result = null;
  if (asked && found.price) {
    const parsed = quoteQuery.safeParse({
      quantity: url.searchParams.get('quantity') ?? '',
      package: url.searchParams.get('package') ?? undefined,
    });
    if (!parsed.success)
      quoteErrors.push(
        ...parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'quantity'), message: i.message })),
      );
    else {
      const q = quote(found.price, found.buyingFor, {
        quantity: parsed.data.quantity,
        packageCode: parsed.data.package || undefined,
        unitName: unit,
        year: found.year ?? undefined,
      });
      if (q.ok) result = { ...q, quantity: parsed.data.quantity };
      else quoteErrors.push({ field: q.code === 'package_unknown' ? 'package' : 'quantity', message: q.message });
    }
  }
  const s = found.service;
  return {
    service: {
      name: s.name,
      code: s.code,
      providerName: s.providerName,
      providerEmail: s.providerEmail,
      category: CATEGORIES[s.category],
      description: s.description,
      included: s.included,
      deliveredBy: s.delivered_by,
      cancellationTerms: [
        s.cancellation_terms,
        s.cancellation_notice_days === null
          ? ''
          : `Cancel at least ${s.cancellation_notice_days} days before the start without charge; later, ${s.late_cancellation_percent}% of the price is charged.`,
      ]
        .filter(Boolean)
        .join(' '),
      unit: s.unit_hours ? `${unit.singular} of ${Number(s.unit_hours)} hours` : unit.singular,
    },
    unit,
    customerClass: found.customerClass,
    buyingFor: found.buyingFor,
    schools: found.schools,
    yearOptions: found.yearOptions,
    yearKey: found.yearKey,
    yearLabel: found.yearOptions.find((y) => y.key === found.yearKey)?.label ?? '',
    orderableYears: found.yearOptions
      .filter(
        (y) =>
          contractYearStarting(Number(y.key.slice(-10, -6)), y.key.startsWith('academic') ? 'academic' : 'financial')
            .end >= londonToday(),
      )
      .map((y) => y.label),
    yearEnded: found.year
      ? contractYearStarting(Number(found.year.start.slice(0, 4)), found.year.kind).end < londonToday()
      : false,
    priceDescription: found.price ? describePrice(found.price, unit) : null,
    notYetPriced: found.notYetPriced,
    packages:
      found.price?.model === 'package'
        ? found.price.packages.map((p) => ({ value: p.code, label: `${p.name}: ${p.units} ${unit.plural}` }))
        : null,
    asked: { quantity: url.searchParams.get('quantity') ?? '', package: url.searchParams.get('package') ?? '' },
    quoteErrors,
    result,
  };
}

const basketForm = z.object({
  quantity: quoteQuery.shape.quantity,
  package: z.string().trim().max(40).optional(),
  year: z.string().trim().max(40).optional(),
  school: z.union([z.literal(''), z.string().refine(isUuid)]).optional(),
  preferredDates: z.string().trim().max(500, 'Preferred dates must be 500 characters or fewer').optional(),
  startsOn: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || isRealDate(v), 'The start date must be a real date'),
});

/** Fields the page shows (the rest are carried hidden from the quote, so have nothing to link to). */
const basketFieldsShown = new Set(['quantity', 'package', 'preferredDates', 'startsOn']);

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.order');
  if (!params.tenant || !isUuid(params.serviceId)) throw notFound();
  const parsed = parseForm(basketForm, await readForm(request), {
    startsOn: { words: 'the start date', optional: true },
  });
  const shown = (errors: Array<{ field?: string; message: string }>) =>
    errors.map((e) => (e.field && basketFieldsShown.has(e.field) ? e : { message: e.message }));
  if (!parsed.ok) return data({ errors: shown(parsed.errors), values: parsed.values }, { status: 400 });
  try {
    await addToBasket(ctx, {
      slug: params.tenant,
      serviceId: params.serviceId,
      yearKey: parsed.data.year || undefined,
      schoolId: parsed.data.school || undefined,
      quantity: parsed.data.quantity,
      packageCode: parsed.data.package || undefined,
      preferredDates: parsed.data.preferredDates ?? '',
      startsOn: parsed.data.startsOn || undefined,
    });
    return redirect('/buy/basket?added=1');
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: shown([{ field: error.field, message: error.message }]), values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function BuyerService() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const basketErrors = result?.errors ?? [];
  return (
    <>
      <BackLink href="/buy/services">Back to services</BackLink>
      <ErrorSummary errors={[...d.quoteErrors, ...basketErrors]} />
      <span className="govuk-caption-l">{d.service.providerName}</span>
      <h1 className="govuk-heading-l">{d.service.name}</h1>
      <p className="govuk-body-l">{d.service.description}</p>
      <SummaryList
        rows={[
          { key: 'Category', value: d.service.category },
          { key: 'What is included', value: d.service.included || 'Ask the provider' },
          { key: 'Delivered by', value: d.service.deliveredBy || 'Ask the provider' },
          { key: 'Unit', value: d.service.unit },
          { key: 'Cancellation', value: d.service.cancellationTerms || 'Ask the provider' },
        ]}
      />
      <h2 className="govuk-heading-m">Your price</h2>
      {d.notYetPriced ? (
        <WarningText>
          {d.service.providerName} has not published its prices for the {d.notYetPriced.label} yet, so this service
          cannot be ordered for it now.
          {d.priceDescription ? ` The price below is for the ${d.yearLabel}, for reference.` : ''} Ask them when it will
          be:{' '}
          <a className="govuk-link" href={`mailto:${d.service.providerEmail}`}>
            {d.service.providerEmail}
          </a>
          .
        </WarningText>
      ) : null}
      {d.priceDescription ? (
        <InsetText>
          <p className="govuk-body">
            <strong>{d.priceDescription}</strong>
          </p>
          <p className="govuk-body">
            {/* A trust chooses which school it prices for; a school's own name is already in the header. */}
            {d.schools.length > 0 ? `The price for ${d.buyingFor.name}` : 'Your price'} as{' '}
            {customerClassNames[d.customerClass].toLowerCase()}
            {d.buyingFor.pupils !== null ? `, with ${d.buyingFor.pupils} pupils on roll` : ''}.
          </p>
        </InsetText>
      ) : (
        <p className="govuk-body">There is no published price for you yet. Contact {d.service.providerName}.</p>
      )}
      {d.priceDescription ? (
        <>
          <h2 className="govuk-heading-m">Get an exact price</h2>
          <form method="get" noValidate>
            {d.schools.length > 0 ? (
              <Select
                name="school"
                label="School"
                items={d.schools.map((s) => ({ value: s.id, label: s.name }))}
                defaultValue={d.buyingFor.id}
              />
            ) : null}
            {d.yearOptions.length > 1 ? (
              <Select
                name="year"
                label="Contract year"
                items={d.yearOptions.map((y) => ({ value: y.key, label: y.label }))}
                defaultValue={d.yearKey ?? undefined}
              />
            ) : d.yearOptions[0] ? (
              <p className="govuk-body">Prices for the {d.yearOptions[0].label}.</p>
            ) : null}
            {d.packages ? (
              <Select
                name="package"
                label="Package"
                items={d.packages}
                defaultValue={d.asked.package || undefined}
                error={d.quoteErrors.find((e) => e.field === 'package')?.message}
              />
            ) : null}
            <TextInput
              name="quantity"
              label={`How many ${d.unit.plural}?`}
              width="5"
              inputMode="numeric"
              defaultValue={d.asked.quantity}
              error={d.quoteErrors.find((e) => e.field === 'quantity')?.message}
            />
            <Button>Get price</Button>
          </form>
        </>
      ) : null}
      {d.result ? (
        <>
          <h2 className="govuk-heading-m">
            Total: {formatPence(d.result.totalPence)} <span className="govuk-body">before VAT</span>
          </h2>
          <h3 className="govuk-heading-s" id="working">
            How the price is worked out
          </h3>
          <ul className="govuk-list" aria-labelledby="working">
            {d.result.working.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          {d.result.instalments.length > 1 ? (
            <Table
              caption="Instalments"
              captionClassName="govuk-table__caption--s"
              head={['When', 'Amount']}
              rows={d.result.instalments.map((i) => [i.label, formatPence(i.amountPence)])}
            />
          ) : null}
          {d.yearEnded ? (
            <InsetText>
              The {d.yearLabel} has ended, so these prices are for reference.{' '}
              {d.orderableYears.length
                ? `To order, choose the ${d.orderableYears.join(' or the ')} above.`
                : `You can order once ${d.service.providerName} publishes prices for the current year.`}
            </InsetText>
          ) : (
            <>
              <h2 className="govuk-heading-m">Order this</h2>
              <form method="post" noValidate>
                <CsrfInput token={csrf} />
                <input type="hidden" name="quantity" value={String(d.result.quantity)} />
                <input type="hidden" name="package" value={d.asked.package} />
                <input type="hidden" name="year" value={d.yearKey ?? ''} />
                <input type="hidden" name="school" value={d.schools.length > 0 ? d.buyingFor.id : ''} />
                <Textarea
                  name="preferredDates"
                  label="Preferred dates or term (optional)"
                  hint="For example, the autumn term, or the weeks you would like visits"
                  rows={3}
                  defaultValue={result?.values?.preferredDates}
                  error={fieldError(basketErrors, 'preferredDates')}
                />
                <DateInput
                  name="startsOn"
                  legend="Start date (optional)"
                  hint="For example, 1 9 2026. Any notice to cancel counts back from it; without one, from the start of the contract year."
                  defaultValue={partsFrom(result?.values ?? {}, 'startsOn')}
                  error={fieldError(basketErrors, 'startsOn')}
                />
                <Button>Add to basket</Button>
              </form>
            </>
          )}
        </>
      ) : null}
    </>
  );
}
