import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { creditLineField, creditNoteForm, readLineCredits } from '../billing/credit-note-form';
import { raiseCreditNote, viewDocumentToCredit } from '../billing/raise-credit-note.server';
import { formatDate } from '../calendar/contract-year';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorMessage } from '../components/ErrorMessage';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { Radios } from '../components/Radios';
import { Table } from '../components/Table';
import { Textarea } from '../components/Textarea';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { formatPence } from '../money';
import { useCsrfToken } from '../root';
import { DOCUMENT_KINDS } from '../vocabulary';

export const handle: TitleHandle<typeof loader> = {
  title: (d) => (d ? `Raise a credit note against ${d.document.number}` : 'Raise a credit note'),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.documentId)) throw notFound();
  return { slug: ctx.tenant.slug, ...(await viewDocumentToCredit(ctx, params.documentId)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.documentId)) throw notFound();
  const parsed = parseForm(creditNoteForm, await readForm(request));
  const amounts = readLineCredits(parsed.values);
  const errors: FieldError[] = [...(parsed.ok ? [] : parsed.errors), ...(amounts.ok ? [] : amounts.errors)];
  if (!parsed.ok || !amounts.ok) return data({ errors, values: parsed.values }, { status: 400 });
  try {
    const note = await raiseCreditNote(ctx, params.documentId, { ...parsed.data, amounts: amounts.amounts });
    return redirect(`/t/${ctx.tenant.slug}/documents/${note.documentId}?issued=1`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function RaiseCreditNote() {
  const { slug, document, lines, credits } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const kind = DOCUMENT_KINDS[document.kind].singular;
  return (
    <>
      <BackLink href={`/t/${slug}/documents/${document.id}`}>Back to {document.number}</BackLink>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">
        {kind} {document.number} to {document.customerName}
      </span>
      <h1 className="govuk-heading-l">Raise a credit note</h1>
      <p className="govuk-body">
        {document.number} was for {formatPence(document.totalPence ?? 0)}
        {document.issuedOn ? `, issued on ${formatDate(document.issuedOn)}` : ''}. {formatPence(document.leftPence)} is
        left to credit. The credit note is issued at once with the next number in the credit note series. If the
        customer has already paid, what it takes back becomes credit on their account.
      </p>
      {credits.length > 0 ? (
        <Table
          caption="Credit notes already raised"
          captionClassName="govuk-table__caption--s"
          head={['Credit note', 'Issued', 'Amount', 'Reason']}
          rows={credits.map((c) => [
            c.number ?? 'Draft',
            c.issuedOn ? formatDate(c.issuedOn) : '',
            formatPence(c.totalPence ?? 0),
            c.reason ?? '',
          ])}
        />
      ) : null}
      {document.leftPence <= 0 ? (
        <p className="govuk-body">Nothing is left to credit on this {kind.toLowerCase()}.</p>
      ) : (
        <form method="post" noValidate>
          <CsrfInput token={csrf} />
          <Radios
            name="scope"
            legend="What to credit"
            items={[
              { value: 'full', label: 'Everything left on the document' },
              { value: 'lines', label: 'Chosen lines and amounts', hint: 'Enter the amounts below, before VAT' },
            ]}
            defaultValue={values.scope}
            error={fieldError(errors, 'scope')}
          />
          <Table
            caption="Lines, with what is left to credit on each"
            captionClassName="govuk-table__caption--s"
            firstCellIsHeader
            head={[
              'Line',
              'Description',
              'Net',
              'VAT',
              'Left to credit (net)',
              'Amount to credit, in pounds before VAT',
            ]}
            rows={lines.map((l) => {
              const field = creditLineField(l.id);
              const error = fieldError(errors, field);
              return [
                String(l.lineNumber),
                l.description,
                formatPence(l.netPence),
                formatPence(l.vatPence),
                formatPence(l.netLeftPence),
                l.netLeftPence > 0 ? (
                  <div
                    className={
                      error
                        ? 'govuk-form-group govuk-form-group--error govuk-!-margin-bottom-0'
                        : 'govuk-!-margin-bottom-0'
                    }
                    key={field}
                  >
                    <label className="govuk-label govuk-visually-hidden" htmlFor={field}>
                      Amount to credit on line {l.lineNumber}, in pounds before VAT
                    </label>
                    {error ? <ErrorMessage id={`${field}-error`}>{error}</ErrorMessage> : null}
                    <input
                      className={
                        error
                          ? 'govuk-input govuk-input--width-10 govuk-input--error'
                          : 'govuk-input govuk-input--width-10'
                      }
                      id={field}
                      name={field}
                      type="text"
                      inputMode="decimal"
                      aria-describedby={error ? `${field}-error` : undefined}
                      defaultValue={values[field] ?? ''}
                    />
                  </div>
                ) : (
                  'Credited in full'
                ),
              ];
            })}
          />
          <Textarea
            name="reason"
            label="Reason for the credit note"
            hint="Printed on the credit note"
            defaultValue={values.reason}
            error={fieldError(errors, 'reason')}
          />
          <Button>Issue credit note</Button>
        </form>
      )}
    </>
  );
}
