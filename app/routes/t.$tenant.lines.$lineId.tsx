import { brokerageOfOrder } from '../improvement/broker-support.server';
import { brokeredWords } from '../improvement/brokered-words';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { formatDate, isRealDate, londonToday } from '../calendar/contract-year';
import { linePositionRows } from '../commissioning/LinePositionRows';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { InsetText } from '../components/InsetText';
import { NotificationBanner } from '../components/NotificationBanner';
import { Select } from '../components/Select';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { StateTag } from '../components/StateTag';
import { Radios } from '../components/Radios';
import { Textarea } from '../components/Textarea';
import { TextInput } from '../components/TextInput';
import { DateInput, dateParts, partsFrom } from '../components/DateInput';
import { formatAmount, parseUnits, WORK_TYPES } from '../delivery/delivery-rules';
import { recordName } from '../delivery/delivery-view';
import { listTenantPeople } from '../delivery/list-tenant-people.server';
import { lineForProvider } from '../delivery/load-line.server';
import { logDelivery } from '../delivery/log-delivery.server';
import { tenantReadsTogether } from '../../db/scope.server';
import { resolveDispute } from '../delivery/respond-to-delivery.server';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { publicBaseUrl } from '../mail/mailer.server';
import { formatPence } from '../money';
import { useCsrfToken } from '../root';
import {
  BILLING_PLANS,
  DELIVERY_STATES,
  DISPUTE_OUTCOMES,
  LINE_STATES,
  ORDER_STATES,
  TheBuyer,
  theBuyer,
} from '../vocabulary';
import { changeBillingPlan, lineBillingPlan } from '../billing/change-billing-plan.server';
import type { BillingPlan } from '../../db/schema';
import type { TenantContext } from '../auth/guards.server';

export const handle: TitleHandle<typeof loader> = {
  title: (data) => (data ? `${data.line.serviceName} for ${data.line.buyerName}` : 'Order line'),
};

/** Who may open the line: those who log delivery, and finance (who set how it is billed). */
async function requireLineReader(request: Request, slug: string | undefined): Promise<TenantContext> {
  const ctx = await requireTenantMember(request, slug);
  if (!providerCan(ctx.role, 'delivery.log') && !providerCan(ctx.role, 'finance.manage'))
    throw new Response('You do not have permission to do this. Ask your tenant admin.', { status: 403 });
  return ctx;
}

const canSetBillingPlan = (ctx: TenantContext) =>
  providerCan(ctx.role, 'orders.manage') || providerCan(ctx.role, 'finance.manage');

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireLineReader(request, params.tenant);
  if (!isUuid(params.lineId)) throw notFound();
  const lineId = params.lineId;
  return tenantReadsTogether(ctx, async () => {
    // What needs only the line's id is read at once (one write, one wait on PostgreSQL).
    const [{ line, deliveries }, billing, people] = await Promise.all([
      lineForProvider(ctx, lineId),
      lineBillingPlan(ctx, lineId),
      listTenantPeople(ctx),
    ]);
    return {
      slug: ctx.tenant.slug,
      userId: ctx.userId,
      canLog: providerCan(ctx.role, 'delivery.log'),
      canSetBillingPlan: canSetBillingPlan(ctx),
      billing,
      canManage: providerCan(ctx.role, 'orders.manage'),
      canViewOrder: providerCan(ctx.role, 'orders.view'),
      today: londonToday(),
      people,
      line,
      deliveries,
      brokerage: await brokerageOfOrder(ctx, line.orderId),
    };
  });
}

const text = (empty: string) => z.string({ error: empty }).trim();

const lineForm = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('log'),
      deliveredOn: text('Enter the date the work was done')
        .min(1, 'Enter the date the work was done')
        .refine(isRealDate, 'The date the work was done must be a real date'),
      units: text('Enter how much work was done')
        .min(1, 'Enter how much work was done')
        .refine((value) => parseUnits(value) !== null, 'Enter the units as a number more than 0, like 1 or 0.5'),
      practitionerId: z
        .string({ error: 'Select who delivered the work' })
        .refine(isUuid, 'Select who delivered the work'),
      workType: z.enum(WORK_TYPES, { error: 'Select the type of work' }),
      note: text('Enter a note').max(2000, 'The note must be 2000 characters or fewer').default(''),
    }),
    z
      .object({
        intent: z.literal('resolve'),
        deliveryId: z.string().refine(isUuid),
        outcome: z.enum(['stands', 'corrected', 'voided'], { error: 'Choose how the dispute ends' }),
        correctedUnits: text('Enter how much was delivered').default(''),
        resolution: text('Enter how the dispute was resolved')
          .min(1, 'Enter how the dispute was resolved')
          .max(2000, 'The resolution must be 2000 characters or fewer'),
      })
      .superRefine((v, ctx) => {
        if (v.outcome === 'corrected' && parseUnits(v.correctedUnits) === null)
          ctx.addIssue({
            code: 'custom',
            path: ['correctedUnits'],
            message: 'Enter how much was delivered, as a number more than 0, like 1 or 0.5',
          });
      }),
    z.object({
      intent: z.literal('billing_plan'),
      billingPlan: z.enum(Object.keys(BILLING_PLANS) as [BillingPlan, ...BillingPlan[]], {
        error: 'Choose how the line is billed',
      }),
    }),
  ],
  { error: 'Choose what to do' },
);

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireLineReader(request, params.tenant);
  if (!isUuid(params.lineId)) throw notFound();
  const lineId = params.lineId;
  const parsed = parseForm(lineForm, await readForm(request), {
    deliveredOn: { words: 'the date the work was done' },
  });
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const form = parsed.data;
  const here = `/t/${ctx.tenant.slug}/lines/${lineId}`;
  try {
    if (form.intent === 'billing_plan') {
      if (!canSetBillingPlan(ctx))
        throw new Response('You do not have permission to do this. Ask your tenant admin.', { status: 403 });
      await changeBillingPlan(ctx, lineId, form.billingPlan);
      return redirect(`${here}?billingPlan=1`);
    }
    if (!providerCan(ctx.role, 'delivery.log'))
      throw new Response('You do not have permission to do this. Ask your tenant admin.', { status: 403 });
    if (form.intent === 'log') {
      await logDelivery(
        ctx,
        lineId,
        {
          deliveredOn: form.deliveredOn,
          unitsHundredths: parseUnits(form.units)!,
          practitionerId: form.practitionerId,
          workType: form.workType,
          note: form.note,
        },
        publicBaseUrl(request),
      );
      return redirect(`${here}?logged=1`);
    }
    if (!providerCan(ctx.role, 'orders.manage'))
      throw new Response('You do not have permission to do this. Ask your tenant admin.', { status: 403 });
    // The record must be one of this line's (and so this provider's).
    const { deliveries } = await lineForProvider(ctx, lineId);
    if (!deliveries.some((d) => d.id === form.deliveryId)) throw notFound();
    await resolveDispute(
      ctx,
      form.deliveryId,
      form.outcome === 'corrected'
        ? { outcome: 'corrected', unitsHundredths: parseUnits(form.correctedUnits)!, note: form.resolution }
        : { outcome: form.outcome, note: form.resolution },
    );
    return redirect(`${here}?resolved=1`);
  } catch (error) {
    if (isDomainError(error)) {
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    }
    throw error;
  }
}

export default function LinePage() {
  const {
    slug,
    userId,
    canLog,
    canSetBillingPlan,
    billing,
    canManage,
    canViewOrder,
    today,
    people,
    line,
    deliveries,
    brokerage,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const logValues = values.intent === 'log' ? values : {};
  const orderHref = `/t/${slug}/orders/${line.orderId}`;
  // One resolution form at a time (its field ids are fixed): the record chosen by its Resolve link.
  const resolveId = params.get('resolve') ?? (values.intent === 'resolve' ? values.deliveryId : null);
  const resolving = canManage ? deliveries.find((d) => d.id === resolveId && d.status === 'disputed') : undefined;
  return (
    <>
      {canViewOrder ? (
        <BackLink href={orderHref}>Back to order {line.reference}</BackLink>
      ) : (
        <BackLink href={`/t/${slug}/work`}>Back to your work</BackLink>
      )}
      <ErrorSummary errors={errors} />
      {params.get('logged') ? <NotificationBanner type="success" heading="Delivery logged" /> : null}
      {params.get('resolved') ? <NotificationBanner type="success" heading="Dispute resolved" /> : null}
      {params.get('billingPlan') && !result ? <NotificationBanner type="success" heading="Billing plan saved" /> : null}
      <span className="govuk-caption-l">{line.buyerName}</span>
      <h1 className="govuk-heading-l">{line.serviceName}</h1>
      <SummaryList
        rows={[
          { key: 'Customer', value: line.buyerName },
          { key: 'Service', value: `${line.serviceCode} ${line.serviceName}` },
          ...(brokerage ? [{ key: 'Brokered by', value: brokeredWords(brokerage) }] : []),
          {
            key: 'Order',
            value: (
              <>
                {canViewOrder ? (
                  <a className="govuk-link" href={orderHref}>
                    {line.reference}
                  </a>
                ) : (
                  line.reference
                )}
                , line {line.lineNumber} ({ORDER_STATES[line.orderStatus].phrase})
              </>
            ),
          },
          { key: 'Contract year', value: line.yearLabel },
          { key: 'Assigned to', value: line.assignedName ?? 'Nobody' },
          ...linePositionRows(line.position, line.unit),
        ]}
      />

      {deliveries.length ? (
        <Table
          caption="Deliveries"
          captionClassName="govuk-table__caption--m"
          head={['Date', 'Units', 'By', 'Type', 'Note', 'Status', 'Dispute reason', 'Resolution']}
          firstCellIsHeader
          rows={deliveries.map((d) => [
            formatDate(d.deliveredOn),
            formatAmount(d.unitsHundredths, line.unit),
            d.practitionerName,
            d.workType,
            d.note || '–',
            <>
              <StateTag state={DELIVERY_STATES[d.status]} />
              {d.correctsId ? <span className="govuk-body-s"> (a correction)</span> : null}
              {d.status === 'logged' ? <span className="govuk-body-s"> until {formatDate(d.confirmBy)}</span> : null}
              {d.status === 'confirmed' && d.autoConfirmed ? (
                <span className="govuk-body-s"> automatically</span>
              ) : null}
            </>,
            d.disputeReason ?? '–',
            d.resolutionNote && d.resolutionOutcome ? (
              `${DISPUTE_OUTCOMES[d.resolutionOutcome].label}: ${d.resolutionNote}`
            ) : d.status === 'disputed' && canManage ? (
              <a className="govuk-link" href={`/t/${slug}/lines/${line.id}?resolve=${d.id}#resolution`}>
                Resolve<span className="govuk-visually-hidden"> the dispute about {recordName(d)}</span>
              </a>
            ) : (
              '–'
            ),
          ])}
        />
      ) : (
        <>
          <h2 className="govuk-heading-m">Deliveries</h2>
          <p className="govuk-body">No work has been logged against this line yet.</p>
        </>
      )}

      {resolving ? (
        <>
          <h2 className="govuk-heading-m">Resolve the dispute about {recordName(resolving)}</h2>
          <InsetText>
            {TheBuyer(line.buyerKind)} said: {resolving.disputeReason}
          </InsetText>
          <form method="post" noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="intent" value="resolve" />
            <input type="hidden" name="deliveryId" value={resolving.id} />
            <Radios
              name="outcome"
              legend="How does the dispute end?"
              items={(['stands', 'corrected', 'voided'] as const).map((o) => ({
                value: o,
                label: DISPUTE_OUTCOMES[o].label,
                hint: DISPUTE_OUTCOMES[o].hint,
              }))}
              defaultValue={values.intent === 'resolve' ? values.outcome : undefined}
              error={fieldError(errors, 'outcome')}
            />
            <TextInput
              name="correctedUnits"
              label="If you correct the amount: how much was delivered"
              hint={`In ${line.unit.plural}, less than the ${formatAmount(resolving.unitsHundredths, line.unit)} recorded`}
              width="4"
              inputMode="decimal"
              spellCheck={false}
              defaultValue={values.intent === 'resolve' ? values.correctedUnits : undefined}
              error={fieldError(errors, 'correctedUnits')}
            />
            <Textarea
              name="resolution"
              label="How it was resolved"
              hint={`${TheBuyer(line.buyerKind)} sees this with the record.`}
              defaultValue={values.intent === 'resolve' ? values.resolution : undefined}
              error={fieldError(errors, 'resolution')}
            />
            <Button>Resolve</Button>
          </form>
        </>
      ) : null}

      <h2 className="govuk-heading-m">Billing</h2>
      {billing.fixed || !canSetBillingPlan ? (
        <p className="govuk-body">
          Billed {BILLING_PLANS[billing.plan].label.toLowerCase()}.
          {billing.fixed ? ' The plan cannot change now: something on this line has already been billed.' : null}
        </p>
      ) : (
        <form method="post" action={`/t/${slug}/lines/${line.id}`} noValidate>
          <CsrfInput token={csrf} />
          <input type="hidden" name="intent" value="billing_plan" />
          <Radios
            name="billingPlan"
            legend="How this line is billed"
            hint="It can change until the first charge on the line is billed."
            items={(Object.keys(BILLING_PLANS) as BillingPlan[]).map((plan) => ({
              value: plan,
              label: BILLING_PLANS[plan].label,
              hint: BILLING_PLANS[plan].hint,
            }))}
            defaultValue={values.intent === 'billing_plan' ? values.billingPlan : billing.plan}
            error={fieldError(errors, 'billingPlan')}
          />
          <Button variant="secondary">Save billing plan</Button>
        </form>
      )}

      {canLog ? <h2 className="govuk-heading-m">Log delivery</h2> : null}
      {!canLog ? null : line.status === 'active' ? (
        <>
          <p className="govuk-body">
            {TheBuyer(line.buyerKind)} is asked to confirm or dispute each record; one it does not answer in time counts
            as confirmed.
            {line.position.agreed.allowanceHundredths === null
              ? ' Visits are recorded against this line; nothing is drawn down.'
              : line.position.agreed.overageUnitPricePence === null
                ? ` This service allows no use beyond the ${formatAmount(line.position.agreed.allowanceHundredths, line.unit)} bought.`
                : ` Beyond the ${formatAmount(line.position.agreed.allowanceHundredths, line.unit)} bought, work is charged at ${formatPence(line.position.agreed.overageUnitPricePence)} a ${line.unit.singular}.`}
          </p>
          <form method="post" action={`/t/${slug}/lines/${line.id}`} noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="intent" value="log" />
            <DateInput
              name="deliveredOn"
              legend="Date the work was done"
              hint="For example, 20 11 2026"
              defaultValue={
                logValues['deliveredOn-day'] !== undefined ? partsFrom(logValues, 'deliveredOn') : dateParts(today)
              }
              error={fieldError(errors, 'deliveredOn')}
            />
            <TextInput
              name="units"
              label="Units"
              hint={`In ${line.unit.plural}, for example 1 or 0.5`}
              width="4"
              inputMode="decimal"
              spellCheck={false}
              defaultValue={logValues.units}
              error={fieldError(errors, 'units')}
            />
            <Select
              name="practitionerId"
              label="Delivered by"
              items={people.map((p) => ({ value: p.id, label: p.name }))}
              defaultValue={logValues.practitionerId ?? userId}
              error={fieldError(errors, 'practitionerId')}
            />
            <Select
              name="workType"
              label="Type of work"
              items={WORK_TYPES.map((t) => ({ value: t, label: t }))}
              defaultValue={logValues.workType}
              error={fieldError(errors, 'workType')}
            />
            <Textarea
              name="note"
              label={`Note for ${theBuyer(line.buyerKind)}`}
              hint={`Optional. What was done; ${theBuyer(line.buyerKind)} sees this with the record.`}
              defaultValue={logValues.note}
              error={fieldError(errors, 'note')}
            />
            <Button>Log delivery</Button>
          </form>
        </>
      ) : (
        <p className="govuk-body">Work cannot be logged against this line: it is {LINE_STATES[line.status].phrase}.</p>
      )}
    </>
  );
}
