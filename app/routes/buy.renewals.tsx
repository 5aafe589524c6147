import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireBuyer } from '../auth/guards.server';
import { formatDate } from '../calendar/contract-year';
import { renewalForm } from '../commissioning/renewal-form';
import { answerRenewal, renewalsForBuyer } from '../commissioning/renewals.server';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Table } from '../components/Table';
import { StateTag } from '../components/StateTag';
import { TextInput } from '../components/TextInput';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { publicBaseUrl } from '../mail/mailer.server';
import { formatPence } from '../money';
import { useCsrfToken } from '../root';
import { RENEWAL_DECISIONS } from '../vocabulary';

export const handle: TitleHandle = { title: 'Renew your services' };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.order');
  return {
    windows: await renewalsForBuyer(ctx),
    me: { name: ctx.session.name, email: ctx.session.email },
    idempotencyKey: crypto.randomUUID(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.order');
  const parsed = parseForm(renewalForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const d = parsed.data;
  try {
    const order = await answerRenewal(
      ctx,
      d.slug,
      d.windowId,
      d.lineId,
      d.decision === 'renew'
        ? {
            decision: 'renew',
            quantity: d.quantity,
            packageCode: d.packageCode || null,
            poNumber: d.poNumber,
            contactName: d.contactName,
            contactEmail: d.contactEmail,
            idempotencyKey: d.idempotencyKey,
          }
        : {
            decision: 'drop',
            quantity: 0,
            packageCode: null,
            poNumber: '',
            contactName: '',
            contactEmail: '',
            idempotencyKey: '',
          },
      publicBaseUrl(request),
    );
    return redirect(order ? `/buy/renewals?renewed=${order.reference}` : '/buy/renewals?dropped=1');
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

function amountText(quantity: number, unit: { singular: string; plural: string }) {
  return `${quantity} ${quantity === 1 ? unit.singular : unit.plural}`;
}

export default function BuyerRenewals() {
  const { windows, me, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const chosen = params.get('line') ?? result?.values?.lineId ?? null;
  const v: Record<string, string> = result?.values ?? {};
  return (
    <>
      <ErrorSummary errors={errors} />
      {params.get('renewed') ? (
        <NotificationBanner type="success" heading={`Renewed: order ${params.get('renewed')} placed`}>
          <p className="govuk-body">
            Follow it in{' '}
            <a className="govuk-link" href="/buy/orders">
              your orders
            </a>
            .
          </p>
        </NotificationBanner>
      ) : null}
      {params.get('dropped') ? (
        <NotificationBanner type="success" heading="Subscription dropped for next year" />
      ) : null}
      <h1 className="govuk-heading-l">Renew your services</h1>
      {windows.length === 0 ? (
        <p className="govuk-body">No provider has a buy-back window open for you at the moment.</p>
      ) : null}
      {windows.map((w) => (
        <section key={w.id} aria-labelledby={`window-${w.id}`}>
          <h2 className="govuk-heading-m" id={`window-${w.id}`}>
            {w.providerName}: {w.label}
          </h2>
          <p className="govuk-body">
            Renew by {formatDate(w.closesOn)}. Renewing places an order at the new year's price.
          </p>
          <Table
            caption={`Last year's subscriptions with ${w.providerName}`}
            captionClassName="govuk-visually-hidden"
            head={['Service', 'For', 'This year, as it stands', `${w.label}, at the new price`, 'Your answer']}
            rows={w.lines.map((l) => [
              l.serviceName,
              l.buyerName,
              `${amountText(l.quantity, l.unit)}${l.packageCode ? ` (${l.packageCode})` : ''}, ${formatPence(l.lastYearPence)}`,
              l.next.ok ? formatPence(l.next.totalPence) : l.next.message,
              l.decision === 'renewed' ? (
                <span key="r">
                  <StateTag state={RENEWAL_DECISIONS.renewed} /> {l.renewalReference ?? ''}
                </span>
              ) : l.decision === 'dropped' ? (
                <StateTag key="d" state={RENEWAL_DECISIONS.dropped} />
              ) : (
                <a key="a" className="govuk-link" href={`/buy/renewals?line=${l.lineId}`}>
                  Renew, change or drop
                  <span className="govuk-visually-hidden">
                    {' '}
                    {l.serviceName} for {l.buyerName}
                  </span>
                </a>
              ),
            ])}
          />
          {w.lines
            .filter((l) => l.lineId === chosen && !l.decision)
            .map((l) => (
              <div key={l.lineId}>
                <h3 className="govuk-heading-s">
                  {l.serviceName} for {l.buyerName}
                </h3>
                {l.next.ok ? (
                  <div className="govuk-inset-text">
                    <p className="govuk-body">
                      Renewed as it stands ({amountText(l.quantity, l.unit)}), this costs{' '}
                      <strong>{formatPence(l.next.totalPence)}</strong> before VAT in the {w.label}, against{' '}
                      {formatPence(l.lastYearPence)} this year. A different amount is priced the same way when you
                      renew.
                    </p>
                    <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-0">
                      {l.next.working.map((line, i) => (
                        <li key={i}>{line}</li>
                      ))}
                    </ul>
                  </div>
                ) : (
                  <div className="govuk-inset-text">{l.next.message}</div>
                )}
                <form method="post" noValidate>
                  <CsrfInput token={csrf} />
                  <input type="hidden" name="decision" value="renew" />
                  <input type="hidden" name="lineId" value={l.lineId} />
                  <input type="hidden" name="windowId" value={w.id} />
                  <input type="hidden" name="slug" value={w.slug} />
                  <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
                  <TextInput
                    name="quantity"
                    label="Quantity"
                    hint="As it stands this year, or change it"
                    width="5"
                    inputMode="numeric"
                    defaultValue={v.quantity ?? String(l.quantity)}
                    error={fieldError(errors, 'quantity')}
                  />
                  {l.packageCode ? (
                    <TextInput
                      name="packageCode"
                      label="Package"
                      hint="Last year's package code, or another"
                      width="10"
                      defaultValue={v.packageCode ?? l.packageCode}
                      error={fieldError(errors, 'packageCode')}
                    />
                  ) : null}
                  <TextInput
                    name="poNumber"
                    label="Purchase order number"
                    hint="If your provider needs one"
                    width="20"
                    defaultValue={v.poNumber}
                    error={fieldError(errors, 'poNumber')}
                  />
                  <TextInput
                    name="contactName"
                    label="Contact name"
                    defaultValue={v.contactName ?? me.name}
                    error={fieldError(errors, 'contactName')}
                  />
                  <TextInput
                    name="contactEmail"
                    label="Contact email"
                    type="email"
                    spellCheck={false}
                    defaultValue={v.contactEmail ?? me.email}
                    error={fieldError(errors, 'contactEmail')}
                  />
                  <Button>Renew</Button>
                </form>
                <form method="post">
                  <CsrfInput token={csrf} />
                  <input type="hidden" name="decision" value="drop" />
                  <input type="hidden" name="lineId" value={l.lineId} />
                  <input type="hidden" name="windowId" value={w.id} />
                  <input type="hidden" name="slug" value={w.slug} />
                  <Button variant="warning">Drop it for next year</Button>
                </form>
              </div>
            ))}
        </section>
      ))}
    </>
  );
}
