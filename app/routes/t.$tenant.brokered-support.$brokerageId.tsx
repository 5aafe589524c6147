import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { notFound } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { BackLink } from '../components/BackLink';
import { ButtonLink } from '../components/Button';
import { ConfirmPage } from '../components/ConfirmPage';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { StateTag } from '../components/StateTag';
import { SummaryList } from '../components/SummaryList';
import { Textarea } from '../components/Textarea';
import { formatAmount } from '../delivery/delivery-rules';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { viewBrokeredSupport } from '../improvement/broker-support.server';
import { brokerageState } from '../improvement/brokered-words';
import { requireCouncilImprovement } from '../improvement/categories.server';
import { withdrawForm } from '../improvement/withdraw-form';
import { brokerageWithdrawal, withdrawBrokerage } from '../improvement/withdraw-brokerage.server';
import { publicBaseUrl } from '../mail/mailer.server';
import { formatPence } from '../money';
import { academicYearLabel } from '../performance/academic-year';
import { useCsrfToken } from '../root';
import { BROKERED_FUNDED_BY } from '../vocabulary';

export const handle: TitleHandle<typeof loader> = {
  title: (d) => (d?.askingWithdraw ? `Withdraw brokerage ${d.b.reference}?` : 'Brokered support'),
};

const DAYS = { singular: 'day', plural: 'days' };

const longDate = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, 'improvement.view');
  if (!isUuid(params.brokerageId)) throw notFound();
  const found = await viewBrokeredSupport(ctx, params.brokerageId!);
  if (!found) throw notFound();
  // What withdrawing would do today: for the council's managers only (the database asks the same).
  const withdrawal =
    providerCan(ctx.role, 'improvement.manage') && !found.withdrawnAt
      ? ((await brokerageWithdrawal(ctx, found.id)) ?? null)
      : null;
  return {
    slug: ctx.tenant.slug,
    b: {
      ...found,
      brokeredAt: new Date(found.brokeredAt).toISOString(),
      withdrawnAt: found.withdrawnAt ? new Date(found.withdrawnAt).toISOString() : null,
    },
    withdrawal,
    // "Withdraw this brokerage" leads to its question first (`?confirm=withdraw`); that page's POST withdraws.
    askingWithdraw: withdrawal?.ok === true && new URL(request.url).searchParams.get('confirm') === 'withdraw',
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, 'improvement.manage');
  if (!isUuid(params.brokerageId)) throw notFound();
  const id = params.brokerageId!;
  // Another council's brokerage is not found, whatever the form says.
  if (!(await viewBrokeredSupport(ctx, id))) throw notFound();
  const parsed = parseForm(withdrawForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await withdrawBrokerage(ctx, id, parsed.data, publicBaseUrl(request));
    return redirect(`/t/${ctx.tenant.slug}/brokered-support/${id}?withdrawn=1`);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.status === 404) throw notFound();
    if (error.status === 403) throw new Response(error.message, { status: 403 });
    return data(
      { errors: [{ field: error.field, message: error.message }], values: parsed.values },
      { status: error.status },
    );
  }
}

export default function BrokeredSupportDetail() {
  const { slug, b, withdrawal, askingWithdraw } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const csrf = useCsrfToken();
  const values: Record<string, string | undefined> = result?.values ?? {};
  // Only the reason is a field on the page; any other refusal is listed without a link.
  const errors: FieldError[] = (result?.errors ?? []).map((e) => (e.field === 'reason' ? e : { message: e.message }));
  const totalPence = Math.round((b.daysHundredths * b.dayRatePence) / 100);
  const here = `/t/${slug}/brokered-support/${b.id}`;
  const state = brokerageState(b);
  const payer = b.fundedBy === 'authority' ? 'the authority' : b.schoolName;

  if (withdrawal?.ok && (askingWithdraw || values.intent === 'withdraw'))
    return (
      <ConfirmPage
        caption={`Brokered support ${b.reference}`}
        question={`Are you sure you want to withdraw brokerage ${b.reference}?`}
        csrf={csrf}
        action={here}
        fields={
          <>
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="charge" value={String(withdrawal.chargePence)} />
            <Textarea
              name="reason"
              label="Reason for withdrawing"
              hint={`${b.providerName} will see this`}
              rows={3}
              defaultValue={values.reason}
              error={fieldError(errors, 'reason')}
            />
          </>
        }
        buttonLabel="Withdraw brokerage"
        buttonVariant="warning"
        cancelHref={here}
        cancelLabel="No, keep the brokerage"
        errors={errors}
      >
        <p className="govuk-body">
          Order {b.orderReference} with {b.providerName} for {formatAmount(b.daysHundredths, DAYS)} of {b.serviceName}{' '}
          for {b.schoolName} is cancelled, and {b.providerName} is told.
        </p>
        <p className="govuk-body">
          {!withdrawal.accepted
            ? `${b.providerName} has not accepted the order yet, so withdrawing costs nothing.`
            : withdrawal.chargePence > 0
              ? `${b.providerName} has accepted the order: withdrawing today costs ${payer} ${formatPence(withdrawal.chargePence)} under the line's cancellation terms.`
              : `${b.providerName} has accepted the order: withdrawing today costs nothing under the line's cancellation terms.`}
        </p>
        {withdrawal.working.length ? (
          <ul className="govuk-list govuk-list--bullet">
            {withdrawal.working.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
      </ConfirmPage>
    );

  return (
    <>
      <BackLink href={`/t/${slug}/brokered-support?year=${b.academicYear}`}>Back to brokered support</BackLink>
      <ErrorSummary errors={errors} />
      {search.get('brokered') ? (
        <NotificationBanner type="success" title="Success">
          {b.providerName} has order {b.orderReference} to accept for {formatAmount(b.daysHundredths, DAYS)} at{' '}
          {formatPence(b.dayRatePence)} a day.
        </NotificationBanner>
      ) : null}
      {search.get('withdrawn') && b.withdrawnAt ? (
        <NotificationBanner type="success" heading="Brokerage withdrawn">
          Order {b.orderReference} is cancelled and {b.providerName} has been told.
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">Brokered support {b.reference}</span>
      <h1 className="govuk-heading-l">
        {b.providerName} supporting {b.schoolName}
      </h1>
      <SummaryList
        rows={[
          {
            key: 'School',
            value: (
              <a className="govuk-link" href={`/t/${slug}/schools/${b.urn}`}>
                {b.schoolName}, URN {b.urn}
              </a>
            ),
          },
          { key: 'Academic year', value: academicYearLabel(b.academicYear) },
          { key: 'Supporting provider', value: b.providerName },
          { key: 'Service', value: b.serviceName },
          { key: 'Days', value: formatAmount(b.daysHundredths, DAYS) },
          { key: 'Agreed day rate', value: formatPence(b.dayRatePence) },
          { key: 'Total', value: formatPence(totalPence) },
          { key: 'Paid by', value: BROKERED_FUNDED_BY[b.fundedBy].label },
          { key: 'Reason', value: b.reason },
          { key: 'Order at the provider', value: b.orderReference },
          { key: 'Status', value: state ? <StateTag state={state} /> : 'Unknown' },
          ...(b.withdrawnAt
            ? [
                {
                  key: 'Withdrawn',
                  value: `${longDate(b.withdrawnAt)}${b.withdrawnByName ? ` by ${b.withdrawnByName}` : ''}: ${b.withdrawnReason ?? ''}`,
                },
              ]
            : []),
          ...(b.cancellationChargePence > 0
            ? [{ key: 'Cancellation charge', value: formatPence(b.cancellationChargePence) }]
            : []),
          { key: 'Days confirmed', value: formatAmount(b.confirmedHundredths, DAYS) },
          { key: 'Days waiting for confirmation', value: formatAmount(b.awaitingHundredths, DAYS) },
          {
            key: 'Feedback',
            value:
              b.feedbackCount === 0
                ? 'None yet'
                : `${b.feedbackCount} ${b.feedbackCount === 1 ? 'review' : 'reviews'}, average ${(b.ratingSum / b.feedbackCount).toFixed(1)} out of 5`,
          },
          {
            key: 'Brokered',
            value: `${longDate(b.brokeredAt)}${b.brokeredByName ? ` by ${b.brokeredByName}` : ''}`,
          },
        ]}
      />
      {withdrawal && !(withdrawal.ok === false && withdrawal.final) ? (
        <>
          <h2 className="govuk-heading-m">Withdraw this brokerage</h2>
          {withdrawal.ok ? (
            <>
              <p className="govuk-body">
                {!withdrawal.accepted
                  ? `${b.providerName} has not accepted the order yet: withdrawing it now costs nothing.`
                  : withdrawal.chargePence > 0
                    ? `Withdrawing today costs ${payer} ${formatPence(withdrawal.chargePence)} under the line's cancellation terms.`
                    : "Withdrawing today costs nothing under the line's cancellation terms."}
              </p>
              <ButtonLink href={`${here}?confirm=withdraw`} variant="warning">
                Withdraw this brokerage
              </ButtonLink>
            </>
          ) : (
            <p className="govuk-body">{withdrawal.message}.</p>
          )}
        </>
      ) : null}
    </>
  );
}
