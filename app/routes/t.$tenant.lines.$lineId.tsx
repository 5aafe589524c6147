import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { formatDate, isRealDate, londonToday } from '../calendar/contract-year';
import { STATUS_NAMES } from '../commissioning/order-state';
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
import { Tag, type TagColour } from '../components/Tag';
import { Textarea } from '../components/Textarea';
import { TextInput } from '../components/TextInput';
import { formatUnits, parseUnits, WORK_TYPES } from '../delivery/delivery-rules';
import { listTenantPeople } from '../delivery/list-tenant-people.server';
import { lineForProvider } from '../delivery/load-line.server';
import { logDelivery } from '../delivery/log-delivery.server';
import { resolveDispute } from '../delivery/respond-to-delivery.server';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { publicBaseUrl } from '../mail/mailer.server';
import { formatPence } from '../money';
import { useCsrfToken } from '../root';

export const handle: TitleHandle<typeof loader> = {
  title: (data) => (data ? `${data.line.serviceName} for ${data.line.buyerName}` : 'Order line'),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'delivery.log');
  if (!isUuid(params.lineId)) throw notFound();
  const { line, deliveries } = await lineForProvider(ctx, params.lineId);
  return {
    slug: ctx.tenant.slug,
    userId: ctx.userId,
    canManage: providerCan(ctx.role, 'orders.manage'),
    canViewOrder: providerCan(ctx.role, 'orders.view'),
    today: londonToday(),
    people: await listTenantPeople(ctx),
    line,
    deliveries,
  };
}

const text = (empty: string) => z.string({ error: empty }).trim();

const lineForm = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('log'),
      deliveredOn: text('Enter the date the work was done')
        .min(1, 'Enter the date the work was done')
        .refine(isRealDate, 'Enter a real date, like 2026-11-20'),
      units: text('Enter how much work was done')
        .min(1, 'Enter how much work was done')
        .refine((value) => parseUnits(value) !== null, 'Enter the units as a number more than 0, like 1 or 0.5'),
      practitionerId: z
        .string({ error: 'Select who delivered the work' })
        .refine(isUuid, 'Select who delivered the work'),
      workType: z.enum(WORK_TYPES, { error: 'Select the type of work' }),
      note: text('Enter a note').max(2000, 'The note must be 2000 characters or fewer').default(''),
    }),
    z.object({
      intent: z.literal('resolve'),
      deliveryId: z.string().refine(isUuid),
      resolution: text('Enter how the dispute was resolved')
        .min(1, 'Enter how the dispute was resolved')
        .max(2000, 'The resolution must be 2000 characters or fewer'),
    }),
  ],
  { error: 'Choose what to do' },
);

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'delivery.log');
  if (!isUuid(params.lineId)) throw notFound();
  const lineId = params.lineId;
  const parsed = parseForm(lineForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const form = parsed.data;
  const here = `/t/${ctx.tenant.slug}/lines/${lineId}`;
  try {
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
    await resolveDispute(ctx, form.deliveryId, form.resolution);
    return redirect(`${here}?resolved=1`);
  } catch (error) {
    if (isDomainError(error)) {
      // The resolution is asked for in one field, whichever record it is about.
      const field = error.field?.startsWith('note-') ? 'resolution' : error.field;
      return data({ errors: [{ field, message: error.message }], values: parsed.values }, { status: error.status });
    }
    throw error;
  }
}

const deliveryStatus: Record<string, { label: string; colour: TagColour }> = {
  logged: { label: 'Waiting for the school', colour: 'grey' },
  confirmed: { label: 'Confirmed', colour: 'green' },
  disputed: { label: 'Disputed', colour: 'red' },
  resolved: { label: 'Resolved', colour: 'teal' },
};

const lineStatusNames: Record<string, string> = {
  pending: 'waiting for a decision on the order',
  active: 'active',
  cancelled: 'cancelled',
  completed: 'completed',
  declined: 'declined',
  rejected: 'rejected',
};

function amount(hundredths: number, unit: { singular: string; plural: string }): string {
  return `${formatUnits(hundredths)} ${hundredths === 100 ? unit.singular : unit.plural}`;
}

export default function LinePage() {
  const { slug, userId, canManage, canViewOrder, today, people, line, deliveries } = useLoaderData<typeof loader>();
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
      <span className="govuk-caption-l">{line.buyerName}</span>
      <h1 className="govuk-heading-l">{line.serviceName}</h1>
      <SummaryList
        rows={[
          { key: 'Customer', value: line.buyerName },
          { key: 'Service', value: `${line.serviceCode} ${line.serviceName}` },
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
                , line {line.lineNumber} ({STATUS_NAMES[line.orderStatus]})
              </>
            ),
          },
          { key: 'Contract year', value: line.yearLabel },
          { key: 'Assigned to', value: line.assignedName ?? 'Nobody' },
          { key: 'Commissioned', value: amount(line.allowanceHundredths, line.unit) },
          { key: 'Delivered', value: amount(line.deliveredHundredths, line.unit) },
          { key: 'Remaining', value: amount(line.remainingHundredths, line.unit) },
          {
            key: 'Beyond what was bought',
            value:
              line.overageUnitPricePence === null
                ? 'No use beyond what was bought'
                : `Charged at the agreed rate of ${formatPence(line.overageUnitPricePence)} a ${line.unit.singular}`,
          },
        ]}
      />

      {deliveries.length ? (
        <Table
          caption="Deliveries"
          captionClassName="govuk-table__caption--m"
          head={['Date', 'Units', 'By', 'Type', 'Note', 'Status', 'Overage charge', 'Dispute reason', 'Resolution']}
          firstCellIsHeader
          rows={deliveries.map((d) => [
            formatDate(d.deliveredOn),
            amount(d.unitsHundredths, line.unit),
            d.practitionerName,
            d.workType,
            d.note || '–',
            <>
              <Tag colour={deliveryStatus[d.status]?.colour}>{deliveryStatus[d.status]?.label ?? d.status}</Tag>
              {d.status === 'logged' ? <span className="govuk-body-s"> until {formatDate(d.confirmBy)}</span> : null}
              {d.status === 'confirmed' && d.autoConfirmed ? (
                <span className="govuk-body-s"> automatically</span>
              ) : null}
            </>,
            d.overagePence > 0 ? `${formatPence(d.overagePence)} for ${amount(d.beyondHundredths, line.unit)}` : '–',
            d.disputeReason ?? '–',
            d.resolutionNote ??
              (d.status === 'disputed' && canManage ? (
                <a className="govuk-link" href={`/t/${slug}/lines/${line.id}?resolve=${d.id}#resolution`}>
                  Resolve<span className="govuk-visually-hidden"> the dispute about {formatDate(d.deliveredOn)}</span>
                </a>
              ) : (
                '–'
              )),
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
          <h2 className="govuk-heading-m">Resolve the dispute about {formatDate(resolving.deliveredOn)}</h2>
          <InsetText>The school said: {resolving.disputeReason}</InsetText>
          <form method="post" noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="intent" value="resolve" />
            <input type="hidden" name="deliveryId" value={resolving.id} />
            <Textarea
              name="resolution"
              label="How it was resolved"
              hint="The school sees this with the record."
              defaultValue={values.intent === 'resolve' ? values.resolution : undefined}
              error={fieldError(errors, 'resolution')}
            />
            <Button>Resolve</Button>
          </form>
        </>
      ) : null}

      <h2 className="govuk-heading-m">Log delivery</h2>
      {line.status === 'active' ? (
        <>
          <p className="govuk-body">
            The school is asked to confirm or dispute each record; one it does not answer in time counts as confirmed.
            {line.overageUnitPricePence === null
              ? ` This service allows no use beyond the ${amount(line.allowanceHundredths, line.unit)} bought.`
              : ` Beyond the ${amount(line.allowanceHundredths, line.unit)} bought, work is charged at ${formatPence(line.overageUnitPricePence)} a ${line.unit.singular}.`}
          </p>
          <form method="post" noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="intent" value="log" />
            <TextInput
              name="deliveredOn"
              label="Date"
              hint="Year-month-day, like 2026-11-20"
              width="10"
              spellCheck={false}
              defaultValue={logValues.deliveredOn ?? today}
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
              label="Note for the school"
              hint="Optional. What was done; the school sees this with the record."
              defaultValue={logValues.note}
              error={fieldError(errors, 'note')}
            />
            <Button>Log delivery</Button>
          </form>
        </>
      ) : (
        <p className="govuk-body">
          Work cannot be logged against this line: it is {lineStatusNames[line.status] ?? line.status}.
        </p>
      )}
    </>
  );
}
