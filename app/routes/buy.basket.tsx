import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { notFound, requireBuyer } from '../auth/guards.server';
import { removeFromBasket, viewBasket } from '../commissioning/basket.server';
import { submitOrder } from '../commissioning/submit-order.server';
import { BackLink } from '../components/BackLink';
import { Button, ButtonLink } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { InsetText } from '../components/InsetText';
import { NotificationBanner } from '../components/NotificationBanner';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { TextInput } from '../components/TextInput';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { publicBaseUrl } from '../mail/mailer.server';
import { formatPence } from '../money';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Your basket' };

/** Answers a Change link on the check page brings back to the checkout form. */
const ANSWERS = ['poNumber', 'contactName', 'contactEmail'] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.order');
  const providers = await viewBasket(ctx);
  const asked = new URL(request.url).searchParams.get('checkout');
  const checkout = providers.find((p) => p.slug === asked)?.slug ?? null;
  const url = new URL(request.url);
  const answers: Record<string, string> = {};
  for (const name of ANSWERS) {
    const value = url.searchParams.get(name);
    if (value !== null) answers[name] = value;
  }
  return {
    answers,
    organisationKind: ctx.organisationKind,
    providers,
    checkout,
    // One key for each checkout form shown: posting the same form twice places the order once.
    idempotencyKey: crypto.randomUUID(),
    contact: { name: ctx.session.name, email: ctx.session.email },
  };
}

const removeForm = z.object({ intent: z.literal('remove'), itemId: z.string() });

const answersForm = z.object({
  slug: z.string().trim().min(1).max(100),
  idempotencyKey: z.string().refine(isUuid, 'This form has expired: reload the page and try again'),
  poNumber: z.string().trim().max(50, 'Purchase order number must be 50 characters or fewer'),
  contactName: z
    .string()
    .trim()
    .min(1, 'Enter a contact name')
    .max(200, 'Contact name must be 200 characters or fewer'),
  contactEmail: z
    .string()
    .trim()
    .min(1, 'Enter a contact email address')
    .max(320, 'Contact email must be 320 characters or fewer')
    .pipe(z.email('Enter an email address in the correct format, like name@example.com')),
});

// The checkout form's answers are first shown back to be checked (nothing is ordered), then submitted.
const checkForm = answersForm.extend({ intent: z.literal('check') });
const checkoutForm = answersForm.extend({ intent: z.literal('checkout') });

/** Fields of the checkout form: a refusal about anything else is shown without a link. */
const checkoutFields = new Set(['poNumber', 'contactName', 'contactEmail']);
const linked = (errors: FieldError[]): FieldError[] =>
  errors.map((e) => (e.field && checkoutFields.has(e.field) ? e : { message: e.message }));

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.order');
  const form = await readForm(request);
  if (form.get('intent') === 'remove') {
    const parsed = parseForm(removeForm, form);
    if (!parsed.ok || !isUuid(parsed.data.itemId)) throw notFound();
    await removeFromBasket(ctx, parsed.data.itemId);
    return redirect('/buy/basket?removed=1');
  }
  if (form.get('intent') === 'check') {
    const checked = parseForm(checkForm, form);
    if (!checked.ok)
      return data({ errors: linked(checked.errors), values: checked.values, checking: null }, { status: 400 });
    return data({ errors: [], values: checked.values, checking: checked.data.slug });
  }
  const parsed = parseForm(checkoutForm, form);
  if (!parsed.ok)
    return data({ errors: linked(parsed.errors), values: parsed.values, checking: null }, { status: 400 });
  try {
    const placed = await submitOrder(ctx, parsed.data, publicBaseUrl(request));
    return redirect(`/buy/orders?placed=${encodeURIComponent(placed.map((o) => o.reference).join(','))}`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: linked([{ field: error.field, message: error.message }]), values: parsed.values, checking: null },
        { status: error.status },
      );
    throw error;
  }
}

type Provider = ReturnType<typeof useLoaderData<typeof loader>>['providers'][number];

/** Where a Change link leads: the checkout form with the answers given so far. */
function changeHref(slug: string, values: Record<string, string>, field: string) {
  const keep = new URLSearchParams({ checkout: slug });
  for (const name of ANSWERS) keep.set(name, values[name] ?? '');
  return `/buy/basket?${keep.toString()}#${field}`;
}

/** GOV.UK "check your answers" before an order goes: the prices shown are those the order is placed at. */
function CheckOrder({
  provider: p,
  values,
  idempotencyKey,
  organisationKind,
  csrf,
}: {
  provider: Provider;
  values: Record<string, string>;
  idempotencyKey: string;
  organisationKind: string;
  csrf: string;
}) {
  const change = (field: string, what: string) => (
    <a className="govuk-link" href={changeHref(p.slug, values, field)}>
      Change<span className="govuk-visually-hidden"> {what}</span>
    </a>
  );
  const problems = p.items.some((i) => i.problem !== null);
  return (
    <>
      <BackLink href={changeHref(p.slug, values, 'checkout')} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{p.providerName}</span>
          <h1 className="govuk-heading-l">Check your order before submitting it</h1>
          <h2 className="govuk-heading-m">What you are ordering</h2>
          <SummaryList
            rows={[
              ...p.items.map((i) => ({
                key: i.serviceName,
                value: (
                  <>
                    <span className="govuk-!-display-block">
                      For {i.forName}, {i.yearLabel}
                    </span>
                    <span className="govuk-!-display-block">
                      {i.quantity} {i.unit}
                      {i.packageCode ? ` (package ${i.packageCode})` : ''}
                      {i.preferredDates ? `, preferred: ${i.preferredDates}` : ''}
                    </span>
                    <span className="govuk-!-display-block">
                      {i.totalPence !== null ? formatPence(i.totalPence) : i.problem}
                    </span>
                  </>
                ),
                actions: (
                  <a className="govuk-link" href="/buy/basket">
                    Change<span className="govuk-visually-hidden"> {i.serviceName} in your basket</span>
                  </a>
                ),
              })),
              { key: 'Total before VAT', value: <strong>{formatPence(p.totalPence)}</strong> },
            ]}
          />
          <h2 className="govuk-heading-m">Order details</h2>
          <SummaryList
            rows={[
              {
                key: 'Purchase order number',
                value: values.poNumber || 'None',
                actions: change('poNumber', 'purchase order number'),
              },
              { key: 'Contact name', value: values.contactName, actions: change('contactName', 'contact name') },
              { key: 'Contact email', value: values.contactEmail, actions: change('contactEmail', 'contact email') },
            ]}
          />
          {problems ? (
            <InsetText>
              <p className="govuk-body">
                Remove the services that cannot be ordered before you check out with {p.providerName}.
              </p>
            </InsetText>
          ) : (
            <>
              <h2 className="govuk-heading-m">Now submit your order</h2>
              <p className="govuk-body">
                By submitting you order these services from {p.providerName} at these prices
                {organisationKind === 'trust' ? ', one order for each school you are buying for' : ''}.
              </p>
              <form method="post" action={`/buy/basket?checkout=${encodeURIComponent(p.slug)}`} noValidate>
                <CsrfInput token={csrf} />
                <input type="hidden" name="intent" value="checkout" />
                <input type="hidden" name="slug" value={p.slug} />
                <input
                  type="hidden"
                  name="idempotencyKey"
                  value={isUuid(values.idempotencyKey) ? values.idempotencyKey : idempotencyKey}
                />
                {ANSWERS.map((name) => (
                  <input key={name} type="hidden" name={name} value={values[name] ?? ''} />
                ))}
                <Button preventDoubleClick>Submit order to {p.providerName}</Button>
              </form>
            </>
          )}
        </div>
      </div>
    </>
  );
}

export default function Basket() {
  const { organisationKind, providers, checkout, answers, idempotencyKey, contact } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? answers;
  const checking = providers.find((p) => p.slug === result?.checking);
  if (checking)
    return (
      <CheckOrder
        provider={checking}
        values={values}
        idempotencyKey={idempotencyKey}
        organisationKind={organisationKind}
        csrf={csrf}
      />
    );
  return (
    <>
      <ErrorSummary errors={errors} />
      {params.get('added') ? <NotificationBanner type="success" heading="Added to your basket" /> : null}
      {params.get('removed') ? <NotificationBanner type="success" heading="Removed from your basket" /> : null}
      <h1 className="govuk-heading-l">Your basket</h1>
      {providers.length === 0 ? (
        <>
          <p className="govuk-body">Your basket is empty.</p>
          <p className="govuk-body">
            <a className="govuk-link" href="/buy/services">
              Find services to buy
            </a>
          </p>
        </>
      ) : (
        <p className="govuk-body">
          You check out with each provider separately: each provider gets its own order
          {organisationKind === 'trust' ? ', one for each school you are buying for' : ''}. Prices are worked out again
          when you submit.
        </p>
      )}
      {providers.map((p) => {
        const problems = p.items.some((i) => i.problem !== null);
        return (
          <div key={p.slug}>
            <Table
              caption={p.providerName}
              captionClassName="govuk-table__caption--m"
              head={['Service', 'For', 'Contract year', 'Quantity', 'Price', 'Action']}
              firstCellIsHeader
              rows={[
                ...p.items.map((i) => [
                  <>
                    {i.serviceName}
                    {i.preferredDates ? (
                      <span className="govuk-hint govuk-!-margin-bottom-0 govuk-!-display-block">
                        Preferred: {i.preferredDates}
                      </span>
                    ) : null}
                  </>,
                  i.forName,
                  i.yearLabel,
                  `${i.quantity} ${i.unit}${i.packageCode ? ` (package ${i.packageCode})` : ''}`,
                  i.totalPence !== null ? (
                    formatPence(i.totalPence)
                  ) : (
                    <span className="govuk-error-message govuk-!-margin-bottom-0">{i.problem}</span>
                  ),
                  <form key="remove" method="post" action="/buy/basket" noValidate>
                    <CsrfInput token={csrf} />
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="itemId" value={i.id} />
                    <Button variant="secondary">
                      Remove
                      <span className="govuk-visually-hidden">
                        {' '}
                        {i.serviceName} for {i.forName}
                      </span>
                    </Button>
                  </form>,
                ]),
                [
                  <strong key="t">Total before VAT</strong>,
                  '',
                  '',
                  '',
                  <strong key="a">{formatPence(p.totalPence)}</strong>,
                  '',
                ],
              ]}
            />
            {problems ? (
              <InsetText>
                <p className="govuk-body">
                  Remove the services that cannot be ordered before you check out with {p.providerName}.
                </p>
              </InsetText>
            ) : checkout === p.slug ? (
              <>
                <h2 className="govuk-heading-m" id="checkout">
                  Check out with {p.providerName}
                </h2>
                <form method="post" action={`/buy/basket?checkout=${encodeURIComponent(p.slug)}`} noValidate>
                  <CsrfInput token={csrf} />
                  <input type="hidden" name="intent" value="check" />
                  <input type="hidden" name="slug" value={p.slug} />
                  <input
                    type="hidden"
                    name="idempotencyKey"
                    value={isUuid(values.idempotencyKey) ? values.idempotencyKey : idempotencyKey}
                  />
                  <TextInput
                    name="poNumber"
                    label="Purchase order number"
                    hint={
                      p.poRequired
                        ? `${p.providerName} needs a purchase order number for your orders.`
                        : 'Optional: add one if your finance team uses them. Up to 50 characters.'
                    }
                    width="20"
                    spellCheck={false}
                    defaultValue={values.poNumber}
                    error={fieldError(errors, 'poNumber')}
                  />
                  <TextInput
                    name="contactName"
                    label="Contact name"
                    hint="Who the provider should contact about this order"
                    autoComplete="name"
                    defaultValue={values.contactName ?? contact.name}
                    error={fieldError(errors, 'contactName')}
                  />
                  <TextInput
                    name="contactEmail"
                    label="Contact email"
                    type="email"
                    autoComplete="email"
                    spellCheck={false}
                    defaultValue={values.contactEmail ?? contact.email}
                    error={fieldError(errors, 'contactEmail')}
                  />
                  <div className="govuk-button-group">
                    <Button>Continue</Button>
                    <a className="govuk-link" href="/buy/basket">
                      Cancel<span className="govuk-visually-hidden"> checking out</span>
                    </a>
                  </div>
                </form>
              </>
            ) : (
              <ButtonLink href={`/buy/basket?checkout=${encodeURIComponent(p.slug)}#checkout`}>
                Check out<span className="govuk-visually-hidden"> with {p.providerName}</span>
              </ButtonLink>
            )}
          </div>
        );
      })}
    </>
  );
}
