import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { notFound, requireBuyer } from '../auth/guards.server';
import { buyerCan, type BuyerPermission } from '../auth/permissions';
import { formatDate } from '../calendar/contract-year';
import { cancelOrderAsBuyer } from '../commissioning/cancel-order.server';
import { VariationAnswer, VariationList, VariationRefusal } from '../commissioning/VariationList';
import { decideVariationAsBuyer, requestVariation } from '../commissioning/vary-line.server';
import { decideApproval } from '../commissioning/decide-approval.server';
import { orderForBuyer } from '../commissioning/order-detail.server';
import { isFinal, type OrderStatus } from '../commissioning/order-state';
import { OrderLineSummaryList } from '../commissioning/OrderLines';
import { orderSummaryRows } from '../commissioning/OrderSummaryRows';
import { BackLink } from '../components/BackLink';
import { Button, ButtonLink } from '../components/Button';
import { ConfirmPage } from '../components/ConfirmPage';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { InsetText } from '../components/InsetText';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { StateTag } from '../components/StateTag';
import { Textarea } from '../components/Textarea';
import { TextInput } from '../components/TextInput';
import { formatAmount } from '../delivery/delivery-rules';
import { brokerageOfBuyerOrder } from '../improvement/broker-support.server';
import { recordName } from '../delivery/delivery-view';
import { giveFeedback } from '../delivery/give-feedback.server';
import { respondToDelivery } from '../delivery/respond-to-delivery.server';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { publicBaseUrl } from '../mail/mailer.server';
import { formatPence } from '../money';
import { useCsrfToken } from '../root';
import { BROKERED_FUNDED_BY, DELIVERY_STATES, DISPUTE_OUTCOMES } from '../vocabulary';

export const handle: TitleHandle<typeof loader> = {
  title: (d) => (d ? (d.askingCancel ? `Cancel order ${d.order.reference}?` : `Order ${d.order.reference}`) : 'Order'),
};

function orderParams(params: { tenant?: string; orderId?: string }) {
  if (!params.tenant || !isUuid(params.orderId)) throw notFound();
  return { slug: params.tenant, orderId: params.orderId };
}

const SETTLED = ['confirmed'];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.view');
  const { slug, orderId } = orderParams(params);
  const { order, lines, contactOfficer, cancellationPreview, worth } = await orderForBuyer(ctx, slug, orderId);
  const url = new URL(request.url);
  const can = {
    confirm: buyerCan(ctx.role, 'buy.confirm'),
    approve: buyerCan(ctx.role, 'buy.approve'),
    order: buyerCan(ctx.role, 'buy.order'),
  };
  const status = order.status as OrderStatus;
  const shownLines = lines.map((line) => ({
    ...line,
    feedbackOpen:
      can.confirm &&
      line.deliveries.some((d) => SETTLED.includes(d.status)) &&
      !line.feedback.some((f) => f.givenBy === ctx.userId),
  }));
  // The one dispute or feedback form shown (ids on the page stay unique, and it works without JavaScript).
  const askedDispute = url.searchParams.get('dispute');
  const dispute =
    can.confirm && lines.some((l) => l.deliveries.some((d) => d.id === askedDispute && d.status === 'logged'))
      ? askedDispute
      : null;
  const askedVary = url.searchParams.get('vary');
  const vary =
    can.order &&
    lines.some((l) => l.id === askedVary && l.status === 'active' && !l.variations.some((v) => OPEN.includes(v.status)))
      ? askedVary
      : null;
  const askedRejectChange = url.searchParams.get('rejectChange');
  const askedFeedback = url.searchParams.get('feedback');
  const feedback = shownLines.some((l) => l.id === askedFeedback && l.feedbackOpen) ? askedFeedback : null;
  const canCancel = !isFinal(status) && can.order;
  const anyDelivered = lines.some((l) => l.deliveries.length > 0);
  return {
    // "Cancel order" leads to its question first (`?confirm=cancel`); that page's POST cancels.
    askingCancel: canCancel && !anyDelivered && url.searchParams.get('confirm') === 'cancel',
    organisationName: ctx.organisationName,
    order: { ...order, status },
    // An order a council brokered for the buyer says so, and why (migration 0036's order_brokerage).
    brokerage: (await brokerageOfBuyerOrder(ctx, order.id)) ?? null,
    lines: shownLines,
    contactOfficer,
    can,
    submittedByYou: order.submittedBy === ctx.userId,
    canDecide: status === 'awaiting_approval' && can.approve && order.submittedBy !== ctx.userId,
    canCancel,
    anyDelivered,
    dispute,
    feedback,
    vary,
    cancellationPreview,
    worth,
    userId: ctx.userId,
    rejectChange: askedRejectChange && can.approve ? askedRejectChange : null,
  };
}

const OPEN = ['awaiting_approval', 'awaiting_provider'];

const reason = (message: string) =>
  z.string().trim().min(1, message).max(1000, 'The reason must be 1,000 characters or fewer');

const forms = {
  approve: z.object({ intent: z.literal('approve') }),
  reject: z.object({ intent: z.literal('reject'), rejectReason: reason('Enter a reason for rejecting the order') }),
  cancel: z.object({ intent: z.literal('cancel'), cancelReason: reason('Enter a reason for cancelling the order') }),
  confirm: z.object({ intent: z.literal('confirm'), deliveryId: z.string() }),
  dispute: z.object({
    intent: z.literal('dispute'),
    deliveryId: z.string(),
    disputeReason: reason('Enter what is wrong with this record'),
  }),
  vary: z.object({
    intent: z.literal('vary'),
    lineId: z.string(),
    newQuantity: z
      .string()
      .trim()
      .regex(/^\d+$/, 'Enter the new amount as a whole number, like 4')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 100_000, 'Enter a new amount of 1 or more'),
    varyReason: reason('Enter why the amount needs to change'),
  }),
  approveChange: z.object({ intent: z.literal('approveChange'), variationId: z.string() }),
  rejectChange: z.object({
    intent: z.literal('rejectChange'),
    variationId: z.string(),
    rejectChangeReason: reason('Enter a reason for rejecting the change'),
  }),
  feedback: z.object({
    intent: z.literal('feedback'),
    lineId: z.string(),
    rating: z
      .enum(['1', '2', '3', '4', '5'], { error: 'Select how well the service met your needs' })
      .transform(Number),
    whatChanged: z.string().trim().max(2000, 'What changed must be 2,000 characters or fewer'),
  }),
};
type Intent = keyof typeof forms;

const PERMISSION: Record<Intent, BuyerPermission> = {
  approve: 'buy.approve',
  reject: 'buy.approve',
  cancel: 'buy.order',
  confirm: 'buy.confirm',
  dispute: 'buy.confirm',
  feedback: 'buy.confirm',
  vary: 'buy.order',
  approveChange: 'buy.approve',
  rejectChange: 'buy.approve',
};

/** Domain refusals name their own field; on this page each reason box has its own name. */
const REASON_FIELD: Partial<Record<Intent, string>> = {
  reject: 'rejectReason',
  cancel: 'cancelReason',
  dispute: 'disputeReason',
  vary: 'varyReason',
  rejectChange: 'rejectChangeReason',
};

function pageField(intent: Intent, field: string | undefined): string | undefined {
  if (!field) return undefined;
  if (field === 'reason' || field.startsWith('reason-')) return REASON_FIELD[intent];
  return field;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.view');
  const { slug, orderId } = orderParams(params);
  const form = await readForm(request);
  // Another buyer's order, or this order under another provider's address, is not found.
  const { order, lines } = await orderForBuyer(ctx, slug, orderId);
  const intent = String(form.get('intent') ?? '');
  if (!(intent in forms)) throw new Response('The form could not be read. Go back and try again.', { status: 400 });
  const chosen = intent as Intent;
  if (!buyerCan(ctx.role, PERMISSION[chosen]))
    throw new Response('You do not have permission to do this for your organisation.', { status: 403 });
  const parsed = parseForm(forms[chosen], form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const baseUrl = publicBaseUrl(request);
  const back = (done: string) => redirect(`/buy/orders/${order.slug}/${order.id}?done=${done}`);
  const deliveryOfOrder = (id: string) => {
    if (!isUuid(id) || !lines.some((l) => l.deliveries.some((d) => d.id === id))) throw notFound();
    return id;
  };
  try {
    switch (input.intent) {
      case 'approve':
        await decideApproval(ctx, slug, orderId, { approve: true }, baseUrl);
        return back('approved');
      case 'reject':
        await decideApproval(ctx, slug, orderId, { approve: false, reason: input.rejectReason }, baseUrl);
        return back('rejected');
      case 'cancel':
        await cancelOrderAsBuyer(ctx, slug, orderId, input.cancelReason);
        return back('cancelled');
      case 'confirm':
        await respondToDelivery(ctx, slug, deliveryOfOrder(input.deliveryId), { confirm: true }, baseUrl);
        return back('confirmed');
      case 'dispute':
        await respondToDelivery(
          ctx,
          slug,
          deliveryOfOrder(input.deliveryId),
          { confirm: false, reason: input.disputeReason },
          baseUrl,
        );
        return back('disputed');
      case 'vary':
        if (!isUuid(input.lineId) || !lines.some((l) => l.id === input.lineId)) throw notFound();
        await requestVariation(
          ctx,
          slug,
          input.lineId,
          { quantity: input.newQuantity, reason: input.varyReason },
          baseUrl,
        );
        return back('changeRequested');
      case 'approveChange':
      case 'rejectChange':
        if (!isUuid(input.variationId) || !lines.some((l) => l.variations.some((v) => v.id === input.variationId)))
          throw notFound();
        await decideVariationAsBuyer(
          ctx,
          slug,
          input.variationId,
          input.intent === 'approveChange' ? { approve: true } : { approve: false, reason: input.rejectChangeReason },
        );
        return back(input.intent === 'approveChange' ? 'changeApproved' : 'changeRejected');
      case 'feedback':
        if (!isUuid(input.lineId) || !lines.some((l) => l.id === input.lineId)) throw notFound();
        await giveFeedback(ctx, slug, input.lineId, { rating: input.rating, whatChanged: input.whatChanged });
        return back('feedback');
    }
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: pageField(chosen, error.field), message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

const DONE: Record<string, string> = {
  approved: 'Order approved',
  rejected: 'Order rejected',
  cancelled: 'Order cancelled',
  confirmed: 'Delivery record confirmed',
  disputed: 'Delivery record disputed: the provider has been told',
  feedback: 'Thank you for your feedback',
  changeRequested: 'Change asked for: it goes to the provider (and to an approver, where your rules need one)',
  changeApproved: 'Change approved: it now goes to the provider',
  changeRejected: 'Change rejected',
};

const RATINGS = [
  { value: '5', label: '5 – Very well' },
  { value: '4', label: '4 – Well' },
  { value: '3', label: '3 – Neither well nor poorly' },
  { value: '2', label: '2 – Poorly' },
  { value: '1', label: '1 – Very poorly' },
];

export default function BuyerOrder() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const values: Record<string, string | undefined> = result?.values ?? {};
  const { order } = d;
  const base = `/buy/orders/${order.slug}/${order.id}`;
  const done = DONE[params.get('done') ?? ''];

  // Fields this page shows; a refusal about anything else is listed without a link.
  const shown = new Set<string>();
  if (d.canDecide) shown.add('rejectReason');
  if (d.canCancel && !d.anyDelivered) shown.add('cancelReason');
  if (d.dispute) shown.add('disputeReason');
  if (d.feedback) ['rating', 'whatChanged'].forEach((f) => shown.add(f));
  if (d.vary) ['newQuantity', 'varyReason'].forEach((f) => shown.add(f));
  if (d.rejectChange) shown.add('rejectChangeReason');
  const errors: FieldError[] = (result?.errors ?? []).map((e) =>
    e.field && shown.has(e.field) ? e : { message: e.message },
  );

  if (d.askingCancel || (values.intent === 'cancel' && d.canCancel && !d.anyDelivered))
    return (
      <ConfirmPage
        caption={order.providerName}
        question={`Are you sure you want to cancel order ${order.reference}?`}
        csrf={csrf}
        action={base}
        fields={
          <>
            <input type="hidden" name="intent" value="cancel" />
            <Textarea
              name="cancelReason"
              label="Reason for cancelling"
              hint={`${order.providerName} will see this`}
              rows={3}
              defaultValue={values.cancelReason}
              error={fieldError(errors, 'cancelReason')}
            />
          </>
        }
        buttonLabel="Cancel order"
        buttonVariant="warning"
        cancelHref={base}
        cancelLabel="No, keep the order"
        errors={errors}
      >
        <p className="govuk-body">
          {d.cancellationPreview.chargePence > 0
            ? `Cancelling today costs ${formatPence(d.cancellationPreview.chargePence)} under the terms you agreed.`
            : 'Cancelling today costs nothing under the terms you agreed.'}{' '}
          Every line of the order stops and {order.providerName} is told.
        </p>
        {d.cancellationPreview.working.length ? (
          <ul className="govuk-list govuk-list--bullet">
            {d.cancellationPreview.working.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
      </ConfirmPage>
    );
  return (
    <>
      <BackLink href="/buy/orders">Back to orders</BackLink>
      <ErrorSummary errors={errors} />
      {done ? <NotificationBanner type="success" heading={done} /> : null}
      <span className="govuk-caption-l">{order.providerName}</span>
      <h1 className="govuk-heading-l">Order {order.reference}</h1>
      <SummaryList
        rows={orderSummaryRows(
          order,
          d.worth,
          [
            { key: 'Provider', value: order.providerName },
            { key: 'For', value: order.buyerName },
            ...(d.brokerage
              ? [
                  {
                    key: 'Brokered by',
                    value: `${d.brokerage.councilName} (${d.brokerage.reference}), ${BROKERED_FUNDED_BY[d.brokerage.fundedBy].label.toLowerCase()}`,
                  },
                  { key: 'Why it was brokered', value: d.brokerage.reason },
                ]
              : []),
          ],
          d.submittedByYou ? `${order.submittedByName} (you)` : order.submittedByName,
        )}
      />

      {d.contactOfficer ? (
        <>
          <h2 className="govuk-heading-m">Your contact at {order.providerName}</h2>
          <p className="govuk-body">
            {d.contactOfficer.name},{' '}
            <a className="govuk-link" href={`mailto:${d.contactOfficer.email}`}>
              {d.contactOfficer.email}
            </a>
          </p>
        </>
      ) : null}

      {order.status === 'awaiting_approval' ? (
        <>
          <h2 className="govuk-heading-m">Approval</h2>
          {d.canDecide ? (
            <>
              <p className="govuk-body">
                This order needs an approver at {d.organisationName} before it goes to {order.providerName}.
              </p>
              <form method="post" action={base} noValidate>
                <CsrfInput token={csrf} />
                <input type="hidden" name="intent" value="approve" />
                <Button preventDoubleClick>Approve order</Button>
              </form>
              <form method="post" action={base} noValidate>
                <CsrfInput token={csrf} />
                <input type="hidden" name="intent" value="reject" />
                <Textarea
                  name="rejectReason"
                  label="Reason for rejecting"
                  hint="The person who placed the order will see this"
                  rows={3}
                  defaultValue={values.rejectReason}
                  error={fieldError(errors, 'rejectReason')}
                />
                <Button variant="warning">Reject order</Button>
              </form>
            </>
          ) : (
            <InsetText>
              {d.submittedByYou
                ? `Another approver at ${d.organisationName} needs to approve this order: you cannot approve an order you placed.`
                : `This order is waiting for an approver at ${d.organisationName}.`}
            </InsetText>
          )}
        </>
      ) : null}

      {d.lines.map((line) => {
        const actions = d.can.confirm && line.deliveries.some((x) => x.status === 'logged');
        const disputing = line.deliveries.find((x) => x.id === d.dispute);
        return (
          <section key={line.id} aria-labelledby={`line-${line.id}`}>
            <h2 className="govuk-heading-m" id={`line-${line.id}`}>
              {line.serviceName}
            </h2>
            <OrderLineSummaryList line={line} />
            <VariationList
              serviceName={line.serviceName}
              variations={line.variations}
              actions={
                d.can.approve
                  ? (v) =>
                      v.status === 'awaiting_approval' && v.requestedBy !== d.userId ? (
                        <VariationAnswer
                          variation={v}
                          csrf={csrf}
                          base={base}
                          intent="approveChange"
                          agreeLabel="Approve change"
                          refuseParam="rejectChange"
                          refuseLabel="Reject change"
                        />
                      ) : (
                        ''
                      )
                  : undefined
              }
            />
            {line.variations
              .filter((v) => v.id === d.rejectChange && v.status === 'awaiting_approval')
              .map((v) => (
                <VariationRefusal
                  key={v.id}
                  variation={v}
                  csrf={csrf}
                  action={`${base}?rejectChange=${v.id}`}
                  intent="rejectChange"
                  refuseParam="rejectChange"
                  verb="rejecting"
                  buttonLabel="Reject change"
                  defaultValue={values.rejectChangeReason}
                  error={fieldError(errors, 'rejectChangeReason')}
                />
              ))}
            {d.vary === line.id ? (
              <form method="post" action={`${base}?vary=${line.id}`} noValidate>
                <CsrfInput token={csrf} />
                <input type="hidden" name="intent" value="vary" />
                <input type="hidden" name="lineId" value={line.id} />
                <TextInput
                  name="newQuantity"
                  label={`New amount of ${line.unit.plural}`}
                  hint={`It stands at ${line.position.agreed.quantity} now. The change is priced at the price you agreed.`}
                  width="5"
                  inputMode="numeric"
                  defaultValue={values.newQuantity}
                  error={fieldError(errors, 'newQuantity')}
                />
                <Textarea
                  name="varyReason"
                  label="Why it needs to change"
                  rows={3}
                  defaultValue={values.varyReason}
                  error={fieldError(errors, 'varyReason')}
                />
                <div className="govuk-button-group">
                  <Button>Ask for this change</Button>
                  <a className="govuk-link" href={base}>
                    Cancel<span className="govuk-visually-hidden"> the change</span>
                  </a>
                </div>
              </form>
            ) : d.can.order && line.status === 'active' && !line.variations.some((v) => OPEN.includes(v.status)) ? (
              <p className="govuk-body">
                <a className="govuk-link" href={`${base}?vary=${line.id}#newQuantity`}>
                  Change the amount<span className="govuk-visually-hidden"> of {line.serviceName}</span>
                </a>
              </p>
            ) : null}
            {line.deliveries.length === 0 ? (
              <p className="govuk-body">No work has been logged against this yet.</p>
            ) : (
              <Table
                caption={`Work delivered: ${line.serviceName}`}
                captionClassName="govuk-table__caption--s"
                head={[
                  'Date',
                  line.unit.plural.charAt(0).toUpperCase() + line.unit.plural.slice(1),
                  'By',
                  'Type',
                  'Note',
                  'Status',
                  ...(actions ? ['Action'] : []),
                ]}
                firstCellIsHeader
                rows={line.deliveries.map((x) => {
                  const when = formatDate(x.deliveredOn);
                  return [
                    when,
                    <>
                      {formatAmount(x.unitsHundredths, line.unit)}
                      {x.correctsId ? (
                        <span className="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">
                          A correction of a disputed record
                        </span>
                      ) : null}
                    </>,
                    x.practitionerName,
                    x.workType,
                    x.note,
                    <>
                      <StateTag state={DELIVERY_STATES[x.status]} />
                      {x.autoConfirmed ? (
                        <span className="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">automatically</span>
                      ) : null}
                      {x.status === 'logged' ? (
                        <span className="govuk-!-display-block govuk-hint govuk-!-margin-bottom-0">
                          Confirms itself on {formatDate(x.confirmBy)} unless you dispute it
                        </span>
                      ) : null}
                      {x.disputeReason ? (
                        <span className="govuk-!-display-block">Disputed: {x.disputeReason}</span>
                      ) : null}
                      {x.resolutionNote ? (
                        <span className="govuk-!-display-block">
                          {x.resolutionOutcome ? `${DISPUTE_OUTCOMES[x.resolutionOutcome].label}: ` : 'Resolution: '}
                          {x.resolutionNote}
                        </span>
                      ) : null}
                    </>,
                    ...(actions
                      ? [
                          x.status === 'logged' ? (
                            <>
                              <form method="post" action={base} noValidate>
                                <CsrfInput token={csrf} />
                                <input type="hidden" name="intent" value="confirm" />
                                <input type="hidden" name="deliveryId" value={x.id} />
                                <Button variant="secondary">
                                  Confirm<span className="govuk-visually-hidden"> the record of {recordName(x)}</span>
                                </Button>
                              </form>
                              <a className="govuk-link" href={`${base}?dispute=${x.id}#disputeReason`}>
                                Dispute<span className="govuk-visually-hidden"> the record of {recordName(x)}</span>
                              </a>
                            </>
                          ) : (
                            ''
                          ),
                        ]
                      : []),
                  ];
                })}
              />
            )}
            {disputing ? (
              <form method="post" action={`${base}?dispute=${disputing.id}`} noValidate>
                <CsrfInput token={csrf} />
                <input type="hidden" name="intent" value="dispute" />
                <input type="hidden" name="deliveryId" value={disputing.id} />
                <Textarea
                  name="disputeReason"
                  label={`What is wrong with the record of ${recordName(disputing)}?`}
                  hint={`${order.providerName} will look into it and tell you how it was resolved`}
                  rows={3}
                  defaultValue={values.disputeReason}
                  error={fieldError(errors, 'disputeReason')}
                />
                <div className="govuk-button-group">
                  <Button variant="warning">Dispute record</Button>
                  <a className="govuk-link" href={base}>
                    Cancel<span className="govuk-visually-hidden"> the dispute</span>
                  </a>
                </div>
              </form>
            ) : null}
            {line.feedback.length > 0 || line.feedbackOpen ? (
              <>
                <h3 className="govuk-heading-s">Feedback on {line.serviceName}</h3>
                {line.feedback.length > 0 ? (
                  <ul className="govuk-list">
                    {line.feedback.map((f, i) => (
                      <li key={i}>
                        {f.givenByName} rated it {f.rating} out of 5{f.whatChanged ? `: ${f.whatChanged}` : ''}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {d.feedback === line.id ? (
                  <form method="post" action={`${base}?feedback=${line.id}`} noValidate>
                    <CsrfInput token={csrf} />
                    <input type="hidden" name="intent" value="feedback" />
                    <input type="hidden" name="lineId" value={line.id} />
                    <Radios
                      name="rating"
                      legend={`How well did ${line.serviceName} meet your needs?`}
                      items={RATINGS}
                      defaultValue={values.rating}
                      error={fieldError(errors, 'rating')}
                    />
                    <Textarea
                      name="whatChanged"
                      label="What changed as a result? (optional)"
                      hint="For example, for pupils, staff or how the school works"
                      rows={4}
                      defaultValue={values.whatChanged}
                      error={fieldError(errors, 'whatChanged')}
                    />
                    <Button>Send feedback</Button>
                  </form>
                ) : line.feedbackOpen ? (
                  <p className="govuk-body">
                    <a className="govuk-link" href={`${base}?feedback=${line.id}#rating`}>
                      Give feedback<span className="govuk-visually-hidden"> on {line.serviceName}</span>
                    </a>
                  </p>
                ) : null}
              </>
            ) : null}
          </section>
        );
      })}

      {d.canCancel ? (
        <>
          <h2 className="govuk-heading-m">Cancel this order</h2>
          {d.anyDelivered ? (
            <p className="govuk-body">
              Work has already been logged against this order, so it cannot be cancelled here: contact{' '}
              {order.providerName} about the cancellation terms.
            </p>
          ) : (
            <div>
              {d.cancellationPreview.working.length ? (
                <InsetText>
                  <p className="govuk-body">
                    {d.cancellationPreview.chargePence > 0
                      ? `Cancelling today costs ${formatPence(d.cancellationPreview.chargePence)} under the terms you agreed:`
                      : 'Cancelling today costs nothing under the terms you agreed:'}
                  </p>
                  <ul className="govuk-list govuk-list--bullet">
                    {d.cancellationPreview.working.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                </InsetText>
              ) : null}
              <ButtonLink href={`${base}?confirm=cancel`} variant="warning">
                Cancel order
              </ButtonLink>
            </div>
          )}
        </>
      ) : null}
    </>
  );
}
