import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireTenantMember } from '../auth/guards.server';
import { formatDate, londonToday } from '../calendar/contract-year';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { DateInput, dateParts, partsFrom } from '../components/DateInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { Table } from '../components/Table';
import { AGE_BUCKETS } from '../debt/age-buckets';
import { agedDebtReport } from '../debt/aged-debt-report.server';
import { asOfQueryString, readAsOf } from '../debt/as-of';
import { fieldError } from '../forms/parse-form';
import { formatPence } from '../money';

export const handle: TitleHandle = { title: 'Aged debt' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const read = readAsOf(request);
  const slug = ctx.tenant.slug;
  if (!read.ok) return data({ slug, errors: read.errors, values: read.values, report: null }, { status: 400 });
  return { slug, errors: [], values: read.values, report: await agedDebtReport(ctx, read.asOf) };
}

const money = (pence: number) => (pence ? formatPence(pence) : '£0.00');

/** What customers owe by age as of a date, each customer leading to its statement. */
export default function AgedDebt() {
  const { slug, errors, values, report } = useLoaderData<typeof loader>();
  const v: Record<string, string> = values;
  const asOf = report?.asOf ?? londonToday();
  const query = asOfQueryString(asOf);
  return (
    <>
      <BackLink href={`/t/${slug}/finance`}>Back to finance</BackLink>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Aged debt</h1>
      <p className="govuk-body">
        What customers owe on final invoices and recharges, by how many days past the due date, less the credit notes
        and payments made to them by then.
      </p>
      <form method="get" noValidate className="govuk-!-display-none-print">
        <DateInput
          name="asOf"
          legend="Show aged debt as at"
          hint="For example, 31 3 2026"
          defaultValue={v['asOf-day'] !== undefined ? partsFrom(v, 'asOf') : dateParts(asOf)}
          error={fieldError(errors, 'asOf')}
        />
        <Button variant="secondary">Show aged debt</Button>
      </form>
      {report ? (
        <>
          <h2 className="govuk-heading-m">As at {formatDate(report.asOf)}</h2>
          <p className="govuk-body">
            <a className="govuk-link" href={`/t/${slug}/finance/aged-debt.csv${query}`} download>
              Download as CSV
            </a>
          </p>
          <p className="govuk-body">
            <a className="govuk-link" href={`/t/${slug}/finance/reminders`}>
              Reminder emails
            </a>
          </p>
          <Table
            caption="Total owed by age"
            captionClassName="govuk-table__caption--m"
            head={['Customers', ...AGE_BUCKETS.map((b) => b.label), 'Total owed']}
            firstCellIsHeader
            rows={[
              [
                'All customers',
                ...AGE_BUCKETS.map((b) => money(report.totals[b.key])),
                money(report.totals.totalPence),
              ],
            ]}
          />
          {report.customers.length === 0 ? (
            <p className="govuk-body">Nothing is owed as at {formatDate(report.asOf)}.</p>
          ) : (
            <Table
              caption="Owed by customer"
              captionClassName="govuk-table__caption--m"
              head={['Customer', ...AGE_BUCKETS.map((b) => b.label), 'Total owed']}
              firstCellIsHeader
              rows={report.customers.map((c) => [
                <a className="govuk-link" href={`/t/${slug}/customers/${c.accountId}/statement`} key="customer">
                  {c.customerName}
                  <span className="govuk-visually-hidden">: statement of account</span>
                </a>,
                ...AGE_BUCKETS.map((b) => money(c[b.key])),
                money(c.totalPence),
              ])}
            />
          )}
        </>
      ) : null}
    </>
  );
}
