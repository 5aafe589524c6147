import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { contractYearOf, formatDate, londonToday } from '../calendar/contract-year';
import { readDayRange } from '../calendar/day-range';
import { formatDay } from '../calendar/format-instant';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { ConfirmPage } from '../components/ConfirmPage';
import { dateParts } from '../components/DateInput';
import { DayRangeFields } from '../components/DayRangeFields';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { InsetText } from '../components/InsetText';
import { NotificationBanner } from '../components/NotificationBanner';
import { Select } from '../components/Select';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { isDomainError } from '../errors';
import { fieldError, parseForm, parseQuery } from '../forms/parse-form';
import { formatPence } from '../money';
import { useCsrfToken } from '../root';
import { settleNetting } from '../settlement/settle-by-netting.server';
import { settleForm, statementQuery } from '../settlement/settlement-form';
import { whoOwesWhom } from '../settlement/statement';
import { viewNetSettlement } from '../settlement/view-net-settlement.server';

export const handle: TitleHandle = { title: 'Settlement with partner councils' };

/** The statement's address: the partner and the period as the date inputs post them. */
function statementHref(slug: string, partner: string, from: string, to: string, extra: Record<string, string> = {}) {
  const [f, t] = [dateParts(from), dateParts(to)];
  const query = new URLSearchParams({
    partner,
    'from-day': f.day,
    'from-month': f.month,
    'from-year': f.year,
    'to-day': t.day,
    'to-month': t.month,
    'to-year': t.year,
    ...extra,
  });
  return `/t/${slug}/finance/settlement?${query.toString()}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const year = contractYearOf(londonToday(), 'financial');
  const parsed = parseQuery(statementQuery, request);
  const errors: FieldError[] = parsed.ok ? [] : parsed.errors;
  let period = { from: year.start, to: year.end };
  if (parsed.ok) {
    const range = readDayRange(parsed.data, { required: false });
    if (range.ok) period = { from: range.from ?? year.start, to: range.to ?? year.end };
    else errors.push(...range.problems);
  }
  const partnerSlug = parsed.ok ? parsed.data.partner : '';
  let view: Awaited<ReturnType<typeof viewNetSettlement>>;
  try {
    view = await viewNetSettlement(ctx, partnerSlug && errors.length === 0 ? { partnerSlug, ...period } : null);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    errors.push({ field: error.field, message: error.message });
    view = await viewNetSettlement(ctx, null);
  }
  const body = {
    slug: ctx.tenant.slug,
    councilName: ctx.tenant.name,
    errors,
    values: parsed.values,
    period,
    confirming: parsed.ok && parsed.data.confirm === '1' && (view.position?.nettablePence ?? 0) > 0,
    ...view,
    settlements: view.settlements.map((s) => ({ ...s, settledAt: new Date(s.settledAt).toISOString() })),
  };
  return errors.length > 0 ? data(body, { status: 400 }) : body;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const form = await readForm(request);
  const parsed = parseForm(settleForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  try {
    const settled = await settleNetting(ctx, parsed.data);
    const { partner, from, to } = parsed.data;
    return redirect(statementHref(ctx.tenant.slug, partner, from, to, { settled: settled.id }));
  } catch (error) {
    if (isDomainError(error))
      return data({ errors: [{ field: error.field, message: error.message }] }, { status: error.status });
    throw error;
  }
}

export default function NetSettlement() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const [searchParams] = useSearchParams();
  const { slug, partner, position, period, rows, settlements } = loaded;
  const errors = [...loaded.errors, ...(actionData?.errors ?? [])];

  if (loaded.confirming && partner && position) {
    const amount = formatPence(position.nettablePence);
    return (
      <ConfirmPage
        caption="Settlement with partner councils"
        question={`Settle ${amount} with ${partner.name} by netting?`}
        csrf={csrf}
        errors={errors}
        buttonLabel="Yes, settle by netting"
        cancelHref={statementHref(slug, partner.slug, period.from, period.to)}
        fields={
          <>
            <input type="hidden" name="partner" value={partner.slug} />
            <input type="hidden" name="from" value={period.from} />
            <input type="hidden" name="to" value={period.to} />
            <input type="hidden" name="amount" value={String(position.nettablePence)} />
          </>
        }
      >
        <p className="govuk-body">
          For {formatDate(period.from)} to {formatDate(period.to)}, this records {amount} as paid by netting on both
          sides:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>against your invoices to {partner.name}, oldest first, in your ledger, and</li>
          <li>against {partner.name}’s invoices to you, oldest first, in theirs.</li>
        </ul>
        <p className="govuk-body">
          What is left is still owed: {whoOwesWhom(position.netPence, partner.name, formatPence)}. Netting cannot be
          undone.
        </p>
      </ConfirmPage>
    );
  }

  const settledId = searchParams.get('settled');
  const settled = settledId ? settlements.find((s) => s.id === settledId) : undefined;
  const documentRows = (side: 'ours' | 'theirs') =>
    rows
      .filter((r) => r.side === side)
      .map((r) => [
        side === 'ours' ? (
          <a className="govuk-link" href={`/t/${slug}/documents/${r.documentId}`}>
            {r.number}
          </a>
        ) : (
          r.number
        ),
        formatDate(r.issuedOn),
        formatPence(r.totalPence),
        formatPence(r.creditedPence),
        formatPence(r.paidPence),
        formatPence(r.outstandingPence),
      ]);
  const head = ['Number', 'Issued', 'Total', 'Credited', 'Paid', 'Outstanding'];

  return (
    <>
      <BackLink href={`/t/${slug}/finance`}>Back to finance</BackLink>
      <ErrorSummary errors={errors} />
      {settled ? (
        <NotificationBanner
          type="success"
          heading={`${formatPence(settled.amountPence)} settled by netting with ${settled.partnerName}`}
        >
          <p className="govuk-body">Reference {settled.reference}. Both councils’ ledgers now show it as paid.</p>
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">Settlement with partner councils</h1>
      {loaded.partners.length === 0 ? (
        <InsetText>
          None of your customers is a council that also supplies you here, so there is no one to settle with by netting.
        </InsetText>
      ) : (
        <form method="get" noValidate>
          <Select
            name="partner"
            label="Partner council"
            items={[
              { value: '', label: 'Choose a partner council' },
              ...loaded.partners.map((p) => ({ value: p.slug, label: p.name })),
            ]}
            defaultValue={partner?.slug ?? loaded.values.partner ?? ''}
            error={fieldError(errors, 'partner')}
          />
          <DayRangeFields
            values={{
              ...Object.fromEntries(
                (['from', 'to'] as const).flatMap((name) =>
                  Object.entries(dateParts(period[name])).map(([part, v]) => [`${name}-${part}`, v]),
                ),
              ),
              ...loaded.values,
            }}
            errors={{ from: fieldError(errors, 'from'), to: fieldError(errors, 'to') }}
            legends={{ from: 'First day', to: 'Last day' }}
            hints={{ from: 'For example, 1 4 2026', to: 'For example, 31 3 2027' }}
          />
          <Button variant="secondary">Show statement</Button>
        </form>
      )}

      {partner && position ? (
        <>
          <h2 className="govuk-heading-m">
            Statement with {partner.name}, {formatDate(period.from)} to {formatDate(period.to)}
          </h2>
          <SummaryList
            rows={[
              { key: `You invoiced ${partner.name}`, value: formatPence(position.ours.invoicedPence) },
              {
                key: `Paid or credited to you`,
                value: formatPence(position.ours.paidPence + position.ours.creditedPence),
              },
              { key: `${partner.name} still owes you`, value: formatPence(position.ours.outstandingPence) },
              { key: `${partner.name} invoiced you`, value: formatPence(position.theirs.invoicedPence) },
              {
                key: `Paid or credited to ${partner.name}`,
                value: formatPence(position.theirs.paidPence + position.theirs.creditedPence),
              },
              { key: `You still owe ${partner.name}`, value: formatPence(position.theirs.outstandingPence) },
              { key: 'Net', value: whoOwesWhom(position.netPence, partner.name, formatPence) },
            ]}
          />
          {(['ours', 'theirs'] as const).map((side) => {
            const caption = side === 'ours' ? `What you invoiced ${partner.name}` : `What ${partner.name} invoiced you`;
            const sideRows = documentRows(side);
            return sideRows.length > 0 ? (
              <Table
                key={side}
                caption={caption}
                captionClassName="govuk-table__caption--s"
                head={head}
                rows={sideRows}
              />
            ) : (
              <p className="govuk-body" key={side}>
                {side === 'ours'
                  ? `You invoiced ${partner.name} nothing in this period.`
                  : `${partner.name} invoiced you nothing in this period.`}
              </p>
            );
          })}
          {position.nettablePence > 0 ? (
            <form method="get" noValidate>
              <input type="hidden" name="partner" value={partner.slug} />
              {(['from', 'to'] as const).flatMap((name) =>
                Object.entries(dateParts(period[name])).map(([part, v]) => (
                  <input key={`${name}-${part}`} type="hidden" name={`${name}-${part}`} value={v} />
                )),
              )}
              <input type="hidden" name="confirm" value="1" />
              <p className="govuk-body">
                Netting settles {formatPence(position.nettablePence)} on each side: what each council owes the other
                cancels out, and only the difference is left to pay.
              </p>
              <Button>Settle by netting</Button>
            </form>
          ) : (
            <p className="govuk-body">Nothing to net for this period: one of you owes the other nothing.</p>
          )}
        </>
      ) : null}

      <h2 className="govuk-heading-m">
        {partner ? `Settlements by netting with ${partner.name}` : 'Settlements by netting'}
      </h2>
      {settlements.length > 0 ? (
        <Table
          caption={partner ? `Settlements by netting with ${partner.name}` : 'Settlements by netting'}
          captionClassName="govuk-visually-hidden"
          head={['Reference', 'Partner council', 'Period', 'Amount', 'Settled by', 'When']}
          rows={settlements.map((s) => [
            <a className="govuk-link" href={`/t/${slug}/payments/${s.paymentId}`} key={s.id}>
              {s.reference}
            </a>,
            s.partnerName,
            `${formatDate(s.periodStart)} to ${formatDate(s.periodEnd)}`,
            formatPence(s.amountPence),
            s.settledByName ? `${s.settledByName}, ${s.settledByCouncil}` : s.settledByCouncil,
            formatDay(s.settledAt),
          ])}
        />
      ) : (
        <p className="govuk-body">No settlements by netting yet.</p>
      )}
    </>
  );
}
