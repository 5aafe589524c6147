import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireTenantMember } from '../auth/guards.server';
import { formatDate, londonToday } from '../calendar/contract-year';
import { lastDayOfMonth } from '../calendar/days';
import { Button } from '../components/Button';
import { DayRangeFields } from '../components/DayRangeFields';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { Select } from '../components/Select';
import { SummaryList } from '../components/SummaryList';
import { fieldError, parseQuery } from '../forms/parse-form';
import { formatPence } from '../money';
import { reconcile } from '../reconciliation/reconcile.server';
import { reconciliationForm } from '../reconciliation/reconciliation-form';
import {
  FIGURE_COLUMNS,
  RECONCILIATION_VIEWS,
  type ReconciliationFigures,
  type ReconciliationView,
} from '../reconciliation/reconciliation-views';

export const handle: TitleHandle = { title: 'Reconciliation' };

/** This month, from its first day to its last. */
function thisMonth() {
  const today = londonToday();
  const [year, month] = today.split('-').map(Number) as [number, number];
  return { from: `${today.slice(0, 7)}-01`, to: lastDayOfMonth(year, month) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const period = thisMonth();
  const parsed = parseQuery(reconciliationForm(period), request);
  const result = await reconcile(ctx, parsed.ok ? parsed.data : null);
  const body = {
    slug: ctx.tenant.slug,
    errors: parsed.ok ? ([] as FieldError[]) : parsed.errors,
    values: parsed.values,
    question: parsed.ok ? parsed.data : null,
    ...result,
  };
  return parsed.ok ? body : data(body, { status: 400 });
}

const EXCEPTION_HEADINGS = {
  delivered_not_billed: 'Delivered but not billed',
  billed_not_delivered: 'Billed but not delivered',
  disputed_billed: 'Disputed delivery already billed',
  overdue: 'Overdue',
  unallocated_cash: 'Payments not allocated',
} as const;

/** The columns of the grouped table: delivered and billed folded together to fit a page. */
function rowFigures(f: ReconciliationFigures) {
  return [
    f.agreedPence,
    f.deliveredConfirmedPence + f.deliveredCorrectedPence,
    f.invoicedPence + f.rechargedPence,
    f.creditedPence,
    f.paidPence,
    f.outstandingPence,
  ].map(formatPence);
}

export default function Reconciliation() {
  const { slug, errors, values, question, names, rows, total, exceptions } = useLoaderData<typeof loader>();
  const view: ReconciliationView = question?.view ?? 'service';
  const viewLabel = RECONCILIATION_VIEWS[view].label;
  const targetHref = (e: (typeof exceptions)[number]) =>
    e.target === 'line'
      ? `/t/${slug}/lines/${e.targetId}`
      : e.target === 'document'
        ? `/t/${slug}/documents/${e.targetId}`
        : `/t/${slug}/payments/${e.targetId}`;
  const anyOption = (label: string, list: Array<{ id: string; name: string }>) => [
    { value: '', label },
    ...list.map((n) => ({ value: n.id, label: n.name })),
  ];
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Reconciliation</h1>
      <p className="govuk-body">
        What was agreed, delivered, invoiced or recharged, credited and paid, and what is still outstanding. Delivered
        work is valued at the line&apos;s agreed rate per unit; billing and payment count the documents dated in the
        period, with their credit notes and payments to date.
      </p>
      <form method="get" noValidate>
        <DayRangeFields
          values={values}
          errors={{ from: fieldError(errors, 'from'), to: fieldError(errors, 'to') }}
          legends={{ from: 'First day', to: 'Last day' }}
          hints={{ from: 'For example, 1 11 2026. Leave both blank for this month', to: 'For example, 30 11 2026' }}
        />
        <Select
          name="view"
          label="Group by"
          items={Object.entries(RECONCILIATION_VIEWS).map(([value, v]) => ({ value, label: v.label }))}
          defaultValue={values.view ?? 'service'}
          error={fieldError(errors, 'view')}
        />
        <details
          className="govuk-details"
          open={Boolean(values.service || values.customer || values.practitioner || values.agreement)}
        >
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Narrow it down</span>
          </summary>
          <div className="govuk-details__text">
            <Select
              name="service"
              label="Service"
              items={anyOption('Any service', names.services)}
              defaultValue={values.service ?? ''}
              error={fieldError(errors, 'service')}
            />
            <Select
              name="customer"
              label="Customer"
              items={anyOption('Any customer', names.customers)}
              defaultValue={values.customer ?? ''}
              error={fieldError(errors, 'customer')}
            />
            <Select
              name="practitioner"
              label="Practitioner"
              items={anyOption('Any practitioner', names.practitioners)}
              defaultValue={values.practitioner ?? ''}
              error={fieldError(errors, 'practitioner')}
            />
            <Select
              name="agreement"
              label="Agreement"
              items={anyOption('Any agreement', names.agreements)}
              defaultValue={values.agreement ?? ''}
              error={fieldError(errors, 'agreement')}
            />
          </div>
        </details>
        <Button>Show figures</Button>
      </form>

      {question && total ? (
        <>
          <h2 className="govuk-heading-m">
            {formatDate(question.from)} to {formatDate(question.to)}
          </h2>
          <SummaryList rows={FIGURE_COLUMNS.map((c) => ({ key: c.label, value: formatPence(total[c.key]) }))} />
          <div
            className="app-table-scroll"
            role="region"
            aria-label={`Figures by ${viewLabel.toLowerCase()}`}
            tabIndex={0}
          >
            <table className="govuk-table govuk-table--small-text-until-tablet">
              <caption className="govuk-table__caption govuk-table__caption--m">By {viewLabel.toLowerCase()}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  {[viewLabel, 'Agreed', 'Delivered', 'Invoiced or recharged', 'Credited', 'Paid', 'Outstanding'].map(
                    (h, i) => (
                      <th
                        key={h}
                        scope="col"
                        className={`govuk-table__header${i ? ' govuk-table__header--numeric' : ''}`}
                      >
                        {h}
                      </th>
                    ),
                  )}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {rows.length === 0 ? (
                  <tr className="govuk-table__row">
                    <td className="govuk-table__cell" colSpan={7}>
                      Nothing was agreed, delivered, billed or paid in this period.
                    </td>
                  </tr>
                ) : (
                  rows.map((r) => (
                    <tr key={r.id ?? 'none'} className="govuk-table__row">
                      <th scope="row" className="govuk-table__header">
                        {r.name}
                      </th>
                      {rowFigures(r).map((v, i) => (
                        <td key={i} className="govuk-table__cell govuk-table__cell--numeric">
                          {v}
                        </td>
                      ))}
                    </tr>
                  ))
                )}
              </tbody>
              <tfoot>
                <tr className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    Control total
                  </th>
                  {rowFigures(total).map((v, i) => (
                    <td key={i} className="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">
                      {v}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>

          <h2 className="govuk-heading-m">Exceptions</h2>
          {exceptions.length === 0 ? (
            <p className="govuk-body">Nothing to clear: no exceptions in this period.</p>
          ) : (
            (Object.keys(EXCEPTION_HEADINGS) as Array<keyof typeof EXCEPTION_HEADINGS>).map((kind) => {
              const found = exceptions.filter((e) => e.kind === kind);
              if (found.length === 0) return null;
              const sum = found.reduce((s, e) => s + e.amountPence, 0);
              return (
                <div
                  key={kind}
                  className="app-table-scroll"
                  role="region"
                  aria-label={EXCEPTION_HEADINGS[kind]}
                  tabIndex={0}
                >
                  <table className="govuk-table govuk-table--small-text-until-tablet">
                    <caption className="govuk-table__caption govuk-table__caption--s">
                      {EXCEPTION_HEADINGS[kind]}: {found.length} ({formatPence(sum)})
                    </caption>
                    <thead className="govuk-table__head">
                      <tr className="govuk-table__row">
                        <th scope="col" className="govuk-table__header">
                          Customer
                        </th>
                        <th scope="col" className="govuk-table__header">
                          What
                        </th>
                        <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                          Amount
                        </th>
                      </tr>
                    </thead>
                    <tbody className="govuk-table__body">
                      {found.map((e) => (
                        <tr key={`${e.kind}-${e.targetId}-${e.on}-${e.what}`} className="govuk-table__row">
                          <td className="govuk-table__cell">{e.customerName}</td>
                          <td className="govuk-table__cell">
                            <a className="govuk-link" href={targetHref(e)}>
                              {e.what}
                            </a>
                          </td>
                          <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(e.amountPence)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              );
            })
          )}
        </>
      ) : null}
    </>
  );
}
