import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { notFound, requireBuyer } from '../auth/guards.server';
import { removeFromBasket, viewBasket } from '../commissioning/basket.server';
import { submitOrder } from '../commissioning/submit-order.server';
import { Button, ButtonLink } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { InsetText } from '../components/InsetText';
import { NotificationBanner } from '../components/NotificationBanner';
import { Table } from '../components/Table';
import { TextInput } from '../components/TextInput';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { publicBaseUrl } from '../mail/mailer.server';
import { formatPence } from '../money';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Your basket' };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.order');
  const providers = await viewBasket(ctx);
  const asked = new URL(request.url).searchParams.get('checkout');
  const checkout = providers.find((p) => p.slug === asked)?.slug ?? null;
  return {
    organisationKind: ctx.organisationKind,
    providers,
    checkout,
    // One key for each checkout form shown: posting the same form twice places the order once.
    idempotencyKey: crypto.randomUUID(),
    contact: { name: ctx.session.name, email: ctx.session.email },
  };
}

const removeForm = z.object({ intent: z.literal('remove'), itemId: z.string() });

const checkoutForm = z.object({
  intent: z.literal('checkout'),
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
  const parsed = parseForm(checkoutForm, form);
  if (!parsed.ok) return data({ errors: linked(parsed.errors), values: parsed.values }, { status: 400 });
  try {
    const placed = await submitOrder(ctx, parsed.data, publicBaseUrl(request));
    return redirect(`/buy/orders?placed=${encodeURIComponent(placed.map((o) => o.reference).join(','))}`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: linked([{ field: error.field, message: error.message }]), values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function Basket() {
  const { organisationKind, providers, checkout, idempotencyKey, contact } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values = result?.values ?? {};
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
                  <input type="hidden" name="intent" value="checkout" />
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
                    <Button preventDoubleClick>Submit order to {p.providerName}</Button>
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
