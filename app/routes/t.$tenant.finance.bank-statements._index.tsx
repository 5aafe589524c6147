import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { formatDate } from '../calendar/contract-year';
import { formatMoment } from '../calendar/format-instant';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorMessage } from '../components/ErrorMessage';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { Table } from '../components/Table';
import { bankStatementsOverview } from '../cash/bank-statements.server';
import { BANK_PRESETS } from '../vocabulary';
import { importBankStatement } from '../cash/import-statement.server';
import { MAX_PROBLEMS, problemText } from '../cash/statement-line';
import { importForm } from '../cash/statement-forms';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { formatPence } from '../money';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Bank statements' };

/** A year of a busy account's lines is a few megabytes; this leaves room for camt.053's verbosity. */
const MAX_STATEMENT_BYTES = 40 * 1024 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  return { slug: ctx.tenant.slug, ...(await bankStatementsOverview(ctx)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const form = await readForm(request);
  const parsed = parseForm(importForm, form);
  const file = form.get('file');
  const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors];
  if (!(file instanceof File) || file.size === 0)
    errors.push({ field: 'file', message: 'Select the statement file you exported from your bank' });
  else if (file.size > MAX_STATEMENT_BYTES)
    errors.push({ field: 'file', message: 'The file must be smaller than 40 MB' });
  if (!parsed.ok || errors.length > 0 || !(file instanceof File))
    return data({ errors, values: parsed.values }, { status: 400 });
  try {
    const result = await importBankStatement(ctx, {
      preset: parsed.data.preset,
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    if (!result.ok) {
      const listed = result.problems.map((p) => ({ field: 'file', message: problemText(p) }));
      if (result.problems.length >= MAX_PROBLEMS)
        listed.push({
          field: 'file',
          message: `Only the first ${MAX_PROBLEMS} problems are listed: fix these and import the file again`,
        });
      return data({ errors: listed, values: parsed.values }, { status: 400 });
    }
    const base = `/t/${ctx.tenant.slug}/finance/bank-statements`;
    if (result.statementId === null) return redirect(`${base}?already=${result.linesInFile}`);
    return redirect(`${base}/${result.statementId}?imported=1`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: 'file', message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function BankStatements() {
  const { slug, statements, waiting, waitingCount, hasMapping } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors: FieldError[] = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const fileErrors = errors.filter((e) => e.field === 'file');
  const base = `/t/${slug}/finance/bank-statements`;
  const already = params.get('already');
  return (
    <>
      <BackLink href={`/t/${slug}/finance`}>Back to finance</BackLink>
      <ErrorSummary errors={errors} />
      {already ? (
        <NotificationBanner heading="Nothing new in this statement">
          <p className="govuk-body">
            All {already} lines of the file were imported before, so nothing was recorded again.
          </p>
        </NotificationBanner>
      ) : null}
      {params.get('matched') ? (
        <NotificationBanner type="success" heading="Bank line matched and payment recorded" />
      ) : null}
      {params.get('not-ours') ? <NotificationBanner type="success" heading="Bank line marked as not ours" /> : null}
      {params.get('mapping') ? <NotificationBanner type="success" heading="Column mapping saved" /> : null}
      <h1 className="govuk-heading-l">Bank statements</h1>

      <h2 className="govuk-heading-m">Import a statement</h2>
      <p className="govuk-body">
        Money paid in is matched to invoices and recharges by the document number, PO number or customer account code in
        its reference, and the amount. A line imported before is never recorded twice, so a statement that overlaps an
        earlier one can be imported whole. If anything in the file is wrong, nothing is saved and each wrong line is
        listed.
      </p>
      <form method="post" encType="multipart/form-data" noValidate>
        <CsrfInput token={csrf} />
        <Radios
          name="preset"
          legend="Which bank or format is the statement?"
          items={Object.entries(BANK_PRESETS).map(([value, label]) => ({
            value,
            label,
            hint:
              value === 'mapping'
                ? hasMapping
                  ? 'The columns you set for your bank’s CSV'
                  : 'Set your column mapping first'
                : undefined,
          }))}
          defaultValue={values.preset}
          error={fieldError(errors, 'preset')}
        />
        <p className="govuk-body">
          <a className="govuk-link" href={`${base}/mapping`}>
            {hasMapping ? 'Change your column mapping' : 'Set your column mapping'}
          </a>
        </p>
        <div className={fileErrors.length ? 'govuk-form-group govuk-form-group--error' : 'govuk-form-group'}>
          <label className="govuk-label" htmlFor="file">
            Statement file
          </label>
          <div className="govuk-hint" id="file-hint">
            CSV as your bank exports it (UTF-8 or Windows-1252), or camt.053 XML
          </div>
          {fileErrors.length ? (
            <ErrorMessage id="file-error">
              {fileErrors.length === 1
                ? fileErrors[0]!.message
                : `${fileErrors.length} problems in the file: see the list at the top of the page`}
            </ErrorMessage>
          ) : null}
          <input
            className={fileErrors.length ? 'govuk-file-upload govuk-file-upload--error' : 'govuk-file-upload'}
            id="file"
            name="file"
            type="file"
            accept=".csv,.xml,text/csv,application/xml,text/xml"
            aria-describedby={fileErrors.length ? 'file-hint file-error' : 'file-hint'}
          />
        </div>
        <Button>Import statement</Button>
      </form>

      <h2 className="govuk-heading-m">Waiting to be matched</h2>
      {waiting.length === 0 ? (
        <p className="govuk-body">No money paid in is waiting to be matched.</p>
      ) : (
        <Table
          caption={`Money paid in that could not be matched automatically (${waitingCount}${waitingCount > waiting.length ? `, the oldest ${waiting.length} shown` : ''})`}
          captionClassName="govuk-table__caption--s"
          head={['Date', 'Payer', 'Reference', 'Amount', 'Why it is waiting', 'Action']}
          rows={waiting.map((l) => [
            formatDate(l.bookedOn),
            l.payerName || 'Not given',
            l.reference || 'None',
            formatPence(l.amountPence),
            l.matchReason ?? '',
            <a className="govuk-link" href={`/t/${slug}/finance/bank-lines/${l.id}`} key={l.id}>
              Match
              <span className="govuk-visually-hidden">
                {' '}
                {formatPence(l.amountPence)} from {l.payerName || 'the payer'} on {formatDate(l.bookedOn)}
              </span>
            </a>,
          ])}
        />
      )}

      <h2 className="govuk-heading-m">Statements imported</h2>
      {statements.length === 0 ? (
        <p className="govuk-body">No statements have been imported yet.</p>
      ) : (
        <Table
          caption="Statements imported, newest first"
          captionClassName="govuk-table__caption--s"
          firstCellIsHeader
          head={['File', 'Format', 'Dates', 'Imported', 'New lines', 'Matched automatically', 'Waiting']}
          rows={statements.map((s) => [
            <a className="govuk-link" href={`${base}/${s.id}`} key={s.id}>
              {s.fileName || 'Statement'}
            </a>,
            BANK_PRESETS[s.preset],
            s.firstOn && s.lastOn
              ? s.firstOn === s.lastOn
                ? formatDate(s.firstOn)
                : `${formatDate(s.firstOn)} to ${formatDate(s.lastOn)}`
              : '',
            `${formatMoment(s.importedAt)}${s.importedByName ? ` by ${s.importedByName}` : ''}`,
            `${s.linesNew} of ${s.linesInFile}`,
            String(s.linesMatched),
            String(s.linesWaiting),
          ])}
        />
      )}
    </>
  );
}
