import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import { formatMoment } from '../calendar/format-instant';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { Select } from '../components/Select';
import { Table } from '../components/Table';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { exportBatchForm, monthChoices, periodOfMonth } from '../ledger/export-form';
import { exportLedgerBatch, LedgerExportRefused } from '../ledger/export-ledger-batch.server';
import { listBatches } from '../ledger/ledger-batches.server';
import { LEDGER_BATCH_KINDS, LEDGER_PRESETS } from '../ledger/ledger-template';
import { loadLedgerTemplate } from '../ledger/ledger-templates.server';
import { formatPence } from '../money';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Ledger export' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const [{ template, saved }, batches] = await Promise.all([loadLedgerTemplate(ctx), listBatches(ctx)]);
  return {
    slug: ctx.tenant.slug,
    preset: LEDGER_PRESETS[template.preset],
    templateSaved: saved,
    months: monthChoices(londonToday()),
    batches: batches.map((b) => ({
      id: b.id,
      reference: b.reference,
      kind: b.kind,
      period: periodOfMonth(b.period_start.slice(0, 7)).label,
      documents: b.document_count,
      netPence: b.net_pence,
      vatPence: b.vat_pence,
      grossPence: b.gross_pence,
      exportedAt: formatMoment(b.exported_at),
      exportedBy: b.exported_by_name ?? '',
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const parsed = parseForm(exportBatchForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const batch = await exportLedgerBatch(ctx, parsed.data.kind, periodOfMonth(parsed.data.month));
    return redirect(`/t/${ctx.tenant.slug}/finance/ledger/${batch.batchId}?exported=1`);
  } catch (error) {
    if (error instanceof LedgerExportRefused)
      return data(
        { errors: error.problems.map((message) => ({ field: 'month', message })), values: parsed.values },
        { status: 422 },
      );
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function LedgerExport() {
  const { slug, preset, templateSaved, months, batches } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  return (
    <>
      <BackLink href={`/t/${slug}/finance`}>Back to finance</BackLink>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Ledger export</h1>
      <p className="govuk-body">
        A batch takes every final invoice and credit note (or every final recharge) issued in the month that is not
        already in a batch. Invoices and credit notes go in one file; recharges go in a balanced journal that debits
        each school’s budget code and credits each service’s income code. A document is only ever in one batch, and a
        batch downloads the same file every time.
      </p>
      <p className="govuk-body">
        Files are written with {templateSaved ? 'your template, based on' : 'the preset'} {preset}.{' '}
        <a className="govuk-link" href={`/t/${slug}/finance/ledger/template`}>
          Change the ledger template
        </a>
      </p>

      <h2 className="govuk-heading-m">Export a batch</h2>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <Select
          name="month"
          label="Month"
          hint="Documents issued in this month"
          items={months}
          defaultValue={values.month ?? months[1]?.value}
          error={fieldError(errors, 'month') ? 'The batch was not exported: see the problems above' : undefined}
        />
        <div className="govuk-button-group">
          <Button name="kind" value="sales">
            {LEDGER_BATCH_KINDS.sales.button}
          </Button>
          <Button name="kind" value="recharge_journal" variant="secondary">
            {LEDGER_BATCH_KINDS.recharge_journal.button}
          </Button>
        </div>
      </form>

      <h2 className="govuk-heading-m">Batches</h2>
      {batches.length === 0 ? (
        <p className="govuk-body">No batches have been exported yet.</p>
      ) : (
        <Table
          caption="Batches exported, latest first"
          captionClassName="govuk-visually-hidden"
          head={['Batch', 'Type', 'Period', 'Documents', 'Net', 'VAT', 'Gross', 'Exported']}
          rows={batches.map((b) => [
            <a key="link" className="govuk-link" href={`/t/${slug}/finance/ledger/${b.id}`}>
              {b.reference}
            </a>,
            LEDGER_BATCH_KINDS[b.kind].label,
            b.period,
            String(b.documents),
            formatPence(b.netPence),
            formatPence(b.vatPence),
            formatPence(b.grossPence),
            `${b.exportedAt}${b.exportedBy ? ` by ${b.exportedBy}` : ''}`,
          ])}
        />
      )}
    </>
  );
}
