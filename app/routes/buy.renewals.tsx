import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireBuyer } from '../auth/guards.server';
import { formatDate } from '../calendar/contract-year';
import { renewalForm } from '../commissioning/renewal-form';
import { answerRenewal, checkRenewal, renewalsForBuyer } from '../commissioning/renewals.server';
import { BackLink } from '../components/BackLink';
import { Button, ButtonLink } from '../components/Button';
import { ConfirmPage } from '../components/ConfirmPage';
import { InsetText } from '../components/InsetText';
import { SummaryList } from '../components/SummaryList';
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

export const handle: TitleHandle<typeof loader> = {
  title: (d) => (d?.droppingLine ? 'Drop this subscription for next year?' : 'Renew your services'),
};

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.order');
  const windows = await renewalsForBuyer(ctx);
  const url = new URL(request.url);
  const asked = url.searchParams.get('line');
  // "Drop it for next year" leads to its question first (`?confirm=drop`); that page's POST drops.
  const droppingLine =
    url.searchParams.get('confirm') === 'drop' &&
    windows.some((w) => w.lines.some((l) => l.lineId === asked && !l.decision))
      ? asked
      : null;
  return {
    windows,
    droppingLine,
    me: { name: ctx.session.name, email: ctx.session.email },
    idempotencyKey: crypto.randomUUID(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.order');
  const parsed = parseForm(renewalForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, check: null }, { status: 400 });
  const d = parsed.data;
  try {
    if (d.decision === 'renew' && d.step === 'check') {
      const check = await checkRenewal(ctx, d.slug, d.windowId, d.lineId, {
        quantity: d.quantity,
        packageCode: d.packageCode || null,
      });
      return data({ errors: [], values: parsed.values, check });
    }
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
        { errors: [{ field: error.field, message: error.message }], values: parsed.values, check: null },
        { status: error.status },
      );
    throw error;
  }
}

function amountText(quantity: number, unit: { singular: string; plural: string }) {
  return `${quantity} ${quantity === 1 ? unit.singular : unit.plural}`;
}

type Window = ReturnType<typeof useLoaderData<typeof loader>>['windows'][number];
type Check = NonNullable<NonNullable<ReturnType<typeof useActionData<typeof action>>>['check']>;

/** Where a Change link leads: the renewal form for the line, filled in with the answers so far. */
function changeHref(values: Record<string, string>, field: string) {
  const keep = new URLSearchParams({ line: values.lineId ?? '' });
  for (const name of ['quantity', 'packageCode', 'poNumber', 'contactName', 'contactEmail'])
    if (values[name] !== undefined) keep.set(name, values[name]);
  return `/buy/renewals?${keep.toString()}#${field}`;
}

/** GOV.UK "check your answers" before renewing: the amounts shown are the ones the order commits. */
function CheckRenewal({ check, values, csrf }: { check: Check; values: Record<string, string>; csrf: string }) {
  const change = (field: string, what: string) => (
    <a className="govuk-link" href={changeHref(values, field)}>
      Change<span className="govuk-visually-hidden"> {what}</span>
    </a>
  );
  const amount = (quantity: number, packageCode: string | null) =>
    `${amountText(quantity, check.unit)}${packageCode ? ` (package ${packageCode})` : ''}`;
  return (
    <>
      <BackLink href={changeHref(values, 'quantity')} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">
            {check.providerName}: {check.label}
          </span>
          <h1 className="govuk-heading-l">Check your answers before renewing</h1>
          <SummaryList
            rows={[
              { key: 'Service', value: check.serviceName },
              { key: 'For', value: check.buyerName },
              {
                key: 'This year, as it stands',
                value: `${amount(check.lastYear.quantity, check.lastYear.packageCode)}, ${formatPence(check.lastYear.totalPence)}`,
              },
              {
                key: `Quantity in the ${check.label}`,
                value: amount(check.next.quantity, check.next.packageCode),
                actions: change('quantity', 'the quantity'),
              },
              {
                key: `Price in the ${check.label}`,
                value: (
                  <>
                    <strong>{formatPence(check.next.totalPence)}</strong> before VAT
                    <ul className="govuk-list govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                      {check.next.working.map((line, i) => (
                        <li key={i}>{line}</li>
                      ))}
                    </ul>
                  </>
                ),
              },
              {
                key: 'Purchase order number',
                value: values.poNumber || 'None',
                actions: change('poNumber', 'the purchase order number'),
              },
              {
                key: 'Contact',
                value: `${values.contactName} (${values.contactEmail})`,
                actions: change('contactName', 'the contact'),
              },
            ]}
          />
          <h2 className="govuk-heading-m">Now renew</h2>
          <p className="govuk-body">
            Renewing places an order with {check.providerName} for {formatPence(check.next.totalPence)} before VAT.
          </p>
          <form method="post" action="/buy/renewals" noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="decision" value="renew" />
            <input type="hidden" name="step" value="confirm" />
            {[
              'lineId',
              'windowId',
              'slug',
              'idempotencyKey',
              'quantity',
              'packageCode',
              'poNumber',
              'contactName',
              'contactEmail',
            ].map((name) => (
              <input key={name} type="hidden" name={name} value={values[name] ?? ''} />
            ))}
            <Button preventDoubleClick>Renew and place the order</Button>
          </form>
        </div>
      </div>
    </>
  );
}

function DropQuestion({ window: w, lineId, csrf }: { window: Window; lineId: string; csrf: string }) {
  const l = w.lines.find((x) => x.lineId === lineId)!;
  return (
    <ConfirmPage
      caption={`${w.providerName}: ${w.label}`}
      question={`Are you sure you want to drop ${l.serviceName} for ${l.buyerName} next year?`}
      csrf={csrf}
      action="/buy/renewals"
      fields={
        <>
          <input type="hidden" name="decision" value="drop" />
          <input type="hidden" name="lineId" value={l.lineId} />
          <input type="hidden" name="windowId" value={w.id} />
          <input type="hidden" name="slug" value={w.slug} />
        </>
      }
      buttonLabel="Drop it for next year"
      buttonVariant="warning"
      cancelHref={`/buy/renewals?line=${l.lineId}`}
    >
      <p className="govuk-body">
        It is not renewed for the {w.label} and {w.providerName} is told. This year&apos;s subscription (
        {amountText(l.quantity, l.unit)}, {formatPence(l.lastYearPence)}) is not affected. To buy it again later, order
        it from the catalogue.
      </p>
    </ConfirmPage>
  );
}

export default function BuyerRenewals() {
  const { windows, droppingLine, me, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const chosen = params.get('line') ?? result?.values?.lineId ?? null;
  // Answers come back from the action, or from a Change link on the check page.
  const v: Record<string, string> = result?.values ?? {
    ...Object.fromEntries(
      ['quantity', 'packageCode', 'poNumber', 'contactName', 'contactEmail'].flatMap((name) => {
        const value = params.get(name);
        return value === null ? [] : [[name, value]];
      }),
    ),
  };
  if (result?.check) return <CheckRenewal check={result.check} values={result.values} csrf={csrf} />;
  const dropping = droppingLine ? windows.find((w) => w.lines.some((l) => l.lineId === droppingLine)) : undefined;
  if (dropping && droppingLine) return <DropQuestion window={dropping} lineId={droppingLine} csrf={csrf} />;
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
          {w.note ? (
            <InsetText>
              <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{w.providerName} says:</p>
              <p className="govuk-body" style={{ whiteSpace: 'pre-line' }}>
                {w.note}
              </p>
            </InsetText>
          ) : null}
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
                      {formatPence(l.lastYearPence)} this year. A different amount is priced the same way, and you check
                      the price before you renew.
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
                <form method="post" action="/buy/renewals" noValidate>
                  <CsrfInput token={csrf} />
                  <input type="hidden" name="decision" value="renew" />
                  <input type="hidden" name="step" value="check" />
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
                  <div className="govuk-button-group">
                    <Button>Continue to renew</Button>
                    <ButtonLink href={`/buy/renewals?line=${l.lineId}&confirm=drop`} variant="warning">
                      Drop it for next year
                    </ButtonLink>
                  </div>
                </form>
              </div>
            ))}
        </section>
      ))}
    </>
  );
}
