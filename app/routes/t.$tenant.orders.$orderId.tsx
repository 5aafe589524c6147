import { brokerageOfOrder } from '../improvement/broker-support.server';
import { brokeredWords } from '../improvement/brokered-words';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { tenantReadsTogether } from '../../db/scope.server';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { cancelOrderAsProvider } from '../commissioning/cancel-order-as-provider.server';
import { VariationAnswer, VariationList, VariationRefusal } from '../commissioning/VariationList';
import { decideVariationAsProvider } from '../commissioning/vary-line.server';
import { decideOrder } from '../commissioning/decide-order.server';
import { orderForProvider } from '../commissioning/order-detail.server';
import { isFinal, type OrderStatus } from '../commissioning/order-state';
import { OrderLineSummaryList, OrderStatusTag } from '../commissioning/OrderLines';
import { orderSummaryRows } from '../commissioning/OrderSummaryRows';
import { BackLink } from '../components/BackLink';
import { Button, ButtonLink } from '../components/Button';
import { ConfirmPage } from '../components/ConfirmPage';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Select } from '../components/Select';
import { SummaryList } from '../components/SummaryList';
import { Textarea } from '../components/Textarea';
import { assignContactOfficer, assignLine } from '../delivery/assign-line.server';
import { listTenantPeople } from '../delivery/list-tenant-people.server';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { publicBaseUrl } from '../mail/mailer.server';
import { useCsrfToken } from '../root';
import { SETTLEMENT_METHOD_NAMES, TheBuyer, theBuyer } from '../vocabulary';
import { customerClassNames } from '../tenancy/customer-class';

export const handle: TitleHandle<typeof loader> = {
  title: (data) =>
    data
      ? data.asking
        ? `${data.asking === 'decline' ? 'Decline' : 'Cancel'} order ${data.order.reference}?`
        : `Order ${data.order.reference}`
      : 'Order',
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'orders.view');
  if (!isUuid(params.orderId)) throw notFound();
  const orderId = params.orderId;
  // The order, the people who may be assigned and any brokerage: one transaction for the page.
  return tenantReadsTogether(ctx, async () => {
    const { order, lines, contactOfficer, cancellationPreview, worth } = await orderForProvider(ctx, orderId);
    const canManage = providerCan(ctx.role, 'orders.manage');
    // "Decline order" and "Cancel order" lead to their question first (`?confirm=`); its POST acts.
    const asked = new URL(request.url).searchParams.get('confirm');
    const nothingDelivered = !lines.some((l) => l.position.delivered.records > 0);
    const asking =
      canManage && asked === 'decline' && order.status === 'awaiting_provider'
        ? ('decline' as const)
        : canManage && asked === 'cancel' && !isFinal(order.status as OrderStatus) && nothingDelivered
          ? ('cancel' as const)
          : null;
    return {
      slug: ctx.tenant.slug,
      canManage,
      asking,
      canLog: providerCan(ctx.role, 'delivery.log'),
      people: canManage ? await listTenantPeople(ctx) : [],
      order: {
        id: order.id,
        reference: order.reference,
        buyerName: order.buyerName,
        buyerKind: order.buyerKind,
        customerClass: order.customerClass,
        settlementMethod: order.settlementMethod,
        poNumber: order.poNumber,
        contactName: order.contactName,
        contactEmail: order.contactEmail,
        status: order.status as OrderStatus,
        submittedByName: order.submittedByName,
        submittedAt: order.submittedAt,
        closedReason: order.closedReason,
      },
      worth,
      cancellationPreview,
      lines: lines.map((l) => ({
        id: l.id,
        lineNumber: l.lineNumber,
        serviceCode: l.serviceCode,
        serviceName: l.serviceName,
        unit: l.unit,
        yearLabel: l.yearLabel,
        quantity: l.quantity,
        packageCode: l.packageCode,
        preferredDates: l.preferredDates,
        working: l.working,
        status: l.status,
        assignedTo: l.assignedTo,
        assignedName: l.assignedName,
        position: l.position,
        variations: l.variations,
      })),
      contactOfficer,
      brokerage: await brokerageOfOrder(ctx, order.id),
    };
  });
}

const personId = z.union([z.literal(''), z.string().refine(isUuid)], { error: 'Select someone from the list' });

const orderForm = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('accept') }),
    z.object({
      intent: z.literal('decline'),
      reason: z
        .string({ error: 'Enter a reason for declining the order' })
        .trim()
        .min(1, 'Enter a reason for declining the order')
        .max(2000, 'The reason must be 2000 characters or fewer'),
    }),
    z.object({
      intent: z.literal('cancel'),
      cancelReason: z
        .string({ error: 'Enter a reason for cancelling the order' })
        .trim()
        .min(1, 'Enter a reason for cancelling the order')
        .max(2000, 'The reason must be 2000 characters or fewer'),
    }),
    z.object({
      intent: z.literal('assign'),
      lineId: z.string().refine(isUuid),
      assignTo: personId.default(''),
    }),
    z.object({ intent: z.literal('contact'), contactOfficer: personId.default('') }),
    z.object({ intent: z.literal('acceptChange'), variationId: z.string().refine(isUuid) }),
    z.object({
      intent: z.literal('declineChange'),
      variationId: z.string().refine(isUuid),
      declineChangeReason: z
        .string({ error: 'Enter a reason for declining the change' })
        .trim()
        .min(1, 'Enter a reason for declining the change')
        .max(2000, 'The reason must be 2000 characters or fewer'),
    }),
  ],
  { error: 'Choose what to do with this order' },
);

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'orders.manage');
  if (!isUuid(params.orderId)) throw notFound();
  const orderId = params.orderId;
  const parsed = parseForm(orderForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const form = parsed.data;
  const done = (what: string) => redirect(`/t/${ctx.tenant.slug}/orders/${orderId}?done=${what}`);
  try {
    switch (form.intent) {
      case 'accept':
        await decideOrder(ctx, orderId, { accept: true }, publicBaseUrl(request));
        return done('accepted');
      case 'decline':
        await decideOrder(ctx, orderId, { accept: false, reason: form.reason }, publicBaseUrl(request));
        return done('declined');
      case 'cancel':
        await cancelOrderAsProvider(ctx, orderId, form.cancelReason);
        return done('cancelled');
      case 'assign': {
        // The line must belong to this order (and so to this provider).
        const { lines } = await orderForProvider(ctx, orderId);
        if (!lines.some((l) => l.id === form.lineId)) throw notFound();
        await assignLine(ctx, form.lineId, form.assignTo || null);
        return done('assigned');
      }
      case 'contact': {
        const { order } = await orderForProvider(ctx, orderId);
        await assignContactOfficer(ctx, order.organisationId, form.contactOfficer || null);
        return done('contact');
      }
      case 'acceptChange':
      case 'declineChange': {
        // The change must be on a line of this order.
        const { lines } = await orderForProvider(ctx, orderId);
        if (!lines.some((l) => l.variations.some((v) => v.id === form.variationId))) throw notFound();
        await decideVariationAsProvider(
          ctx,
          form.variationId,
          form.intent === 'acceptChange' ? { accept: true } : { accept: false, reason: form.declineChangeReason },
        );
        return done(form.intent === 'acceptChange' ? 'changeAccepted' : 'changeDeclined');
      }
    }
  } catch (error) {
    if (isDomainError(error)) {
      // Cancelling uses its own reason field, so the decline and cancel forms can share a page.
      const field =
        form.intent === 'cancel' && error.field === 'reason'
          ? 'cancelReason'
          : form.intent === 'declineChange' && error.field === 'reason'
            ? 'declineChangeReason'
            : error.field;
      return data({ errors: [{ field, message: error.message }], values: parsed.values }, { status: error.status });
    }
    throw error;
  }
}

const banners: Record<string, string> = {
  accepted: 'Order accepted',
  declined: 'Order declined',
  cancelled: 'Order cancelled',
  assigned: 'Practitioner assigned',
  contact: 'Contact officer saved',
  changeAccepted: 'Change accepted: the line now stands at the new amount',
  changeDeclined: 'Change declined',
};

export default function OrderPage() {
  const {
    slug,
    canManage,
    asking,
    canLog,
    people,
    order,
    lines,
    contactOfficer,
    cancellationPreview,
    worth,
    brokerage,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const banner = banners[params.get('done') ?? ''];
  // One assignment form at a time (its field ids are fixed): the line chosen by its Change link.
  const assignId = params.get('assign') ?? (values.intent === 'assign' ? values.lineId : null);
  const assigning = canManage
    ? lines.find((l) => l.id === assignId && (l.status === 'pending' || l.status === 'active'))
    : undefined;
  const peopleItems = [{ value: '', label: 'Nobody' }, ...people.map((p) => ({ value: p.id, label: p.name }))];
  const base = `/t/${slug}/orders/${order.id}`;
  const confirming = asking ?? (values.intent === 'decline' || values.intent === 'cancel' ? values.intent : null);
  if (confirming === 'decline')
    return (
      <ConfirmPage
        caption={order.buyerName}
        question={`Are you sure you want to decline order ${order.reference}?`}
        csrf={csrf}
        action={base}
        fields={
          <>
            <input type="hidden" name="intent" value="decline" />
            <Textarea
              name="reason"
              label="Reason for declining"
              hint={`${TheBuyer(order.buyerKind)} sees this.`}
              defaultValue={values.reason}
              error={fieldError(errors, 'reason')}
            />
          </>
        }
        buttonLabel="Decline order"
        buttonVariant="warning"
        cancelHref={base}
        errors={errors}
      >
        <p className="govuk-body">
          Nothing on it is delivered or charged, and {order.buyerName} is told, with your reason. A declined order
          cannot be accepted later: {theBuyer(order.buyerKind)} would order again.
        </p>
      </ConfirmPage>
    );
  if (confirming === 'cancel')
    return (
      <ConfirmPage
        caption={order.buyerName}
        question={`Are you sure you want to cancel order ${order.reference}?`}
        csrf={csrf}
        action={base}
        fields={
          <>
            <input type="hidden" name="intent" value="cancel" />
            <Textarea
              name="cancelReason"
              label="Reason for cancelling"
              hint={`${TheBuyer(order.buyerKind)} sees this.`}
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
          Every line of the order stops, and {order.buyerName} is not charged for it
          {cancellationPreview.chargePence > 0 ? '' : ' (only a customer cancelling late pays a charge)'}. They are
          told, with your reason.
        </p>
      </ConfirmPage>
    );
  return (
    <>
      <BackLink href={`/t/${slug}/orders`}>Back to orders</BackLink>
      <ErrorSummary errors={errors} />
      {banner ? <NotificationBanner type="success" heading={banner} /> : null}
      <span className="govuk-caption-l">{order.buyerName}</span>
      <h1 className="govuk-heading-l">
        Order {order.reference} <OrderStatusTag status={order.status} />
      </h1>
      <SummaryList
        rows={[
          ...orderSummaryRows(order, worth, [
            { key: 'Customer', value: order.buyerName },
            { key: 'Customer class', value: customerClassNames[order.customerClass] },
            { key: 'Settlement method', value: SETTLEMENT_METHOD_NAMES[order.settlementMethod] },
          ]),
          ...(brokerage ? [{ key: 'Brokered by', value: brokeredWords(brokerage) }] : []),
          {
            key: 'Contact officer',
            value: contactOfficer ? `${contactOfficer.name} (${contactOfficer.email})` : 'Not named',
          },
        ]}
      />

      <h2 className="govuk-heading-m">What was ordered</h2>
      {lines.map((line) => (
        <section key={line.id} aria-labelledby={`line-${line.id}`}>
          <h3 className="govuk-heading-s" id={`line-${line.id}`}>
            Line {line.lineNumber}: {line.serviceCode} {line.serviceName}
          </h3>
          <OrderLineSummaryList line={line} />
          <SummaryList
            rows={[
              {
                key: 'Assigned to',
                value: line.assignedName ?? 'Nobody',
                actions:
                  canManage && (line.status === 'pending' || line.status === 'active') ? (
                    <a className="govuk-link" href={`${base}?assign=${line.id}#assignTo`}>
                      Change<span className="govuk-visually-hidden"> who delivers line {line.lineNumber}</span>
                    </a>
                  ) : undefined,
              },
            ]}
          />
          <VariationList
            serviceName={line.serviceName}
            variations={line.variations}
            actions={
              canManage
                ? (v) =>
                    v.status === 'awaiting_provider' ? (
                      <VariationAnswer
                        variation={v}
                        csrf={csrf}
                        base={base}
                        intent="acceptChange"
                        agreeLabel="Accept change"
                        refuseParam="declineChange"
                        refuseLabel="Decline change"
                      />
                    ) : (
                      ''
                    )
                : undefined
            }
          />
          {line.variations
            .filter(
              (v) =>
                canManage &&
                v.status === 'awaiting_provider' &&
                (params.get('declineChange') ?? values.variationId) === v.id,
            )
            .map((v) => (
              <VariationRefusal
                key={v.id}
                variation={v}
                csrf={csrf}
                intent="declineChange"
                refuseParam="declineChange"
                verb="declining"
                buttonLabel="Decline change"
                defaultValue={values.declineChangeReason}
                error={fieldError(errors, 'declineChangeReason')}
              />
            ))}
          {canLog ? (
            <p className="govuk-body">
              <a className="govuk-link" href={`/t/${slug}/lines/${line.id}`}>
                View deliveries and log work
                <span className="govuk-visually-hidden">
                  {' '}
                  for line {line.lineNumber}, {line.serviceName}
                </span>
              </a>
            </p>
          ) : null}
          {assigning?.id === line.id ? (
            <form method="post" noValidate>
              <CsrfInput token={csrf} />
              <input type="hidden" name="intent" value="assign" />
              <input type="hidden" name="lineId" value={line.id} />
              <Select
                name="assignTo"
                label={`Who delivers line ${line.lineNumber}, ${line.serviceName}`}
                items={peopleItems}
                defaultValue={values.intent === 'assign' ? values.assignTo : (line.assignedTo ?? '')}
                error={fieldError(errors, 'assignTo')}
              />
              <div className="govuk-button-group">
                <Button>Save</Button>
                <a className="govuk-link" href={base}>
                  Cancel
                </a>
              </div>
            </form>
          ) : null}
        </section>
      ))}

      {canManage && order.status === 'awaiting_provider' ? (
        <>
          <h2 className="govuk-heading-m">Accept or decline</h2>
          <p className="govuk-body">
            Accepting makes every line active, so work can be logged against it. {TheBuyer(order.buyerKind)} is told
            either way.
          </p>
          <form method="post">
            <CsrfInput token={csrf} />
            <Button name="intent" value="accept">
              Accept order
            </Button>
          </form>
          <ButtonLink href={`${base}?confirm=decline`} variant="warning">
            Decline order
          </ButtonLink>
        </>
      ) : null}

      {canManage ? (
        <>
          <h2 className="govuk-heading-m">Contact officer for {order.buyerName}</h2>
          <form method="post" noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="intent" value="contact" />
            <Select
              name="contactOfficer"
              label="Contact officer"
              hint={`${TheBuyer(order.buyerKind)} sees who to contact about its services from you.`}
              items={peopleItems}
              defaultValue={
                values.intent === 'contact'
                  ? values.contactOfficer
                  : (people.find((p) => p.email === contactOfficer?.email)?.id ?? '')
              }
              error={fieldError(errors, 'contactOfficer')}
            />
            <Button variant="secondary">Save contact officer</Button>
          </form>
        </>
      ) : null}

      {canManage && !isFinal(order.status) ? (
        <>
          <h2 className="govuk-heading-m">Cancel this order</h2>
          {lines.some((l) => l.position.delivered.records > 0) ? (
            <p className="govuk-body">
              Work has been logged against this order, so it cannot be cancelled here: what was delivered is charged
              under the service&apos;s cancellation terms.
            </p>
          ) : (
            <>
              <p className="govuk-body">An order can be cancelled only while nothing has been delivered against it.</p>
              <ButtonLink href={`${base}?confirm=cancel`} variant="warning">
                Cancel order
              </ButtonLink>
            </>
          )}
        </>
      ) : null}
    </>
  );
}
