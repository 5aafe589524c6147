import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { TextInput } from '../components/TextInput';
import { WarningText } from '../components/WarningText';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { formatPence } from '../money';
import { listInvoicesWaitingForStripe, publishWaitingInvoices } from '../payments/publish-to-stripe.server';
import {
  loadStripeSettings,
  removeStripeSettings,
  saveStripeSettings,
  stripeSettingsForm,
} from '../payments/stripe-settings.server';
import { useCsrfToken } from '../root';
import { publicUrl } from '../site.server';

export const handle: TitleHandle = { title: 'Card and Direct Debit payments' };

const WEBHOOK_EVENTS = [
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.voided',
  'invoice.marked_uncollectible',
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const settings = await loadStripeSettings(ctx);
  return {
    settings,
    webhookUrl: `${publicUrl()}/webhooks/stripe/${ctx.tenant.slug}`,
    waiting: settings.enabled
      ? (await listInvoicesWaitingForStripe(ctx.tenantId)).map((i) => ({
          id: i.id,
          number: i.number ?? '',
          customer: i.customer_name ?? '',
          total: formatPence(i.total_pence ?? 0),
        }))
      : [],
  };
}

/** Only the publishable key goes back into the form: the secrets are never sent to the browser. */
const shownAgain = (values: Record<string, string>) => ({ publishableKey: values.publishableKey ?? '' });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const page = `/t/${ctx.tenant.slug}/payment-settings`;
  const form = await readForm(request);
  const intent = form.get('intent');
  if (intent === 'remove') {
    await removeStripeSettings(ctx);
    return redirect(`${page}?removed=1`);
  }
  if (intent === 'publish') {
    const outcome = await publishWaitingInvoices(ctx.tenantId);
    return data({ errors: [], values: undefined, outcome });
  }
  const parsed = parseForm(stripeSettingsForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: shownAgain(parsed.values) }, { status: 400 });
  try {
    await saveStripeSettings(ctx, parsed.data);
  } catch (error) {
    if (isDomainError(error))
      return data(
        {
          errors: [{ field: error.field ?? 'publishableKey', message: error.message }],
          values: shownAgain(parsed.values),
        },
        { status: error.status },
      );
    throw error;
  }
  return redirect(`${page}?saved=1`);
}

export default function PaymentSettings() {
  const { settings, webhookUrl, waiting } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const outcome = result && 'outcome' in result ? result.outcome : undefined;
  const publishableKey = result?.values?.publishableKey ?? (settings.enabled ? settings.publishableKey : '');
  return (
    <>
      <ErrorSummary errors={errors} />
      {params.get('saved') && errors.length === 0 ? (
        <NotificationBanner type="success" heading="Stripe keys saved" />
      ) : null}
      {params.get('removed') ? (
        <NotificationBanner type="success" heading="Stripe keys removed: invoices are no longer sent to Stripe" />
      ) : null}
      {outcome ? (
        <NotificationBanner
          type={outcome.failed.length ? 'important' : 'success'}
          heading={`${outcome.published} invoice${outcome.published === 1 ? '' : 's'} sent to Stripe`}
        >
          {outcome.failed.length ? (
            <ul className="govuk-list govuk-list--bullet">
              {outcome.failed.map((f) => (
                <li key={f.number}>
                  {f.number} was not sent: {f.message}
                </li>
              ))}
            </ul>
          ) : null}
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">Card and Direct Debit payments</h1>
      <p className="govuk-body">
        With your own Stripe account, each VAT invoice you finalise is also put in Stripe, where the customer can pay it
        by card or Direct Debit. Payments come back here and are set against the invoice. Recharges and credit notes are
        not sent. Without Stripe, everything else works the same: customers pay by bank transfer.
      </p>
      {settings.keyProblem ? <WarningText>{settings.keyProblem}</WarningText> : null}

      <h2 className="govuk-heading-m">Stripe {settings.enabled ? 'is on' : 'is off'}</h2>
      {settings.enabled ? (
        <SummaryList
          rows={[
            { key: 'Mode', value: settings.mode === 'live' ? 'Live: real payments' : 'Test: no real money moves' },
            { key: 'Publishable key', value: <code>{settings.publishableKey}</code> },
            {
              key: 'Secret key',
              value: settings.secretKeyEnding
                ? `Saved, ends in …${settings.secretKeyEnding}`
                : 'Saved, but this server cannot read it: enter it again',
            },
            { key: 'Webhook signing secret', value: 'Saved' },
            { key: 'Webhook endpoint', value: <code>{webhookUrl}</code> },
            { key: 'Events to send', value: WEBHOOK_EVENTS.join(', ') },
          ]}
        />
      ) : (
        <p className="govuk-body">
          In Stripe, add a webhook endpoint <code>{webhookUrl}</code> for the events {WEBHOOK_EVENTS.join(', ')}, then
          enter its signing secret and your API keys below.
        </p>
      )}

      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <TextInput
          name="publishableKey"
          label="Publishable key"
          hint="Starts pk_test_ or pk_live_"
          spellCheck={false}
          autoComplete="off"
          defaultValue={publishableKey}
          error={fieldError(errors, 'publishableKey')}
        />
        <TextInput
          name="secretKey"
          label="Secret key"
          hint={
            settings.enabled
              ? 'A secret key is saved. Enter a new one only to replace it.'
              : 'Starts sk_test_ or sk_live_ (or a restricted key, rk_). It is not shown again once saved.'
          }
          type="password"
          spellCheck={false}
          autoComplete="off"
          error={fieldError(errors, 'secretKey')}
        />
        <TextInput
          name="webhookSecret"
          label="Webhook signing secret"
          hint={
            settings.enabled
              ? 'A signing secret is saved. Enter a new one only to replace it.'
              : 'Starts whsec_. It is not shown again once saved.'
          }
          type="password"
          spellCheck={false}
          autoComplete="off"
          error={fieldError(errors, 'webhookSecret')}
        />
        <Button>{settings.enabled ? 'Save Stripe keys' : 'Turn on Stripe'}</Button>
      </form>

      {settings.enabled ? (
        <>
          <h2 className="govuk-heading-m">Invoices not in Stripe</h2>
          {waiting.length === 0 ? (
            <p className="govuk-body">Every final invoice with something owed is in Stripe.</p>
          ) : (
            <>
              <Table
                caption="Final invoices with something owed that customers cannot yet pay in Stripe"
                captionClassName="govuk-table__caption--s"
                head={['Invoice', 'Customer', 'Total']}
                firstCellIsHeader
                rows={waiting.map((i) => [i.number, i.customer, i.total])}
              />
              <form method="post" noValidate>
                <CsrfInput token={csrf} />
                <input type="hidden" name="intent" value="publish" />
                <Button variant="secondary">Send these invoices to Stripe</Button>
              </form>
            </>
          )}
          <h2 className="govuk-heading-m">Stop using Stripe</h2>
          <p className="govuk-body">
            Invoices already in Stripe stay there and can still be paid, but payments made there will no longer be
            recorded here. New invoices are not sent.
          </p>
          <form method="post" noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="intent" value="remove" />
            <Button variant="warning">Remove Stripe keys</Button>
          </form>
        </>
      ) : null}
    </>
  );
}
