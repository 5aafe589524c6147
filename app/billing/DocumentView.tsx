import type { ReactNode } from 'react';
import { StateTag } from '../components/StateTag';
import { SummaryList, type SummaryListRow } from '../components/SummaryList';
import { formatDate } from '../calendar/contract-year';
import { formatPence } from '../money';
import type { ChargeKind, DocumentKind, DocumentStatus, Remittance, VatCode } from '../../db/schema';
import { DOCUMENT_KINDS, DOCUMENT_STATES, VAT_CODES } from '../vocabulary';
import type { DocumentState } from './document-state';
import type { VatTotal } from './vat';

export interface DocumentViewLine {
  id: string;
  lineNumber: number;
  chargeKind: ChargeKind;
  description: string;
  orderLineId: string | null;
  orderReference: string | null;
  orderLineNumber: number | null;
  periodStart: string | null;
  periodEnd: string | null;
  deliveredOn: string | null;
  quantityHundredths: number;
  unitPricePence: number;
  netPence: number;
  vatCode: VatCode;
  vatRateBasisPoints: number;
  vatPence: number;
  poNumber: string | null;
  costCentre: string | null;
  subjectiveCode: string | null;
  reason: string | null;
}

export interface DocumentParty {
  name: string;
  address: string[];
}

/** Everything a document shows, the same for the web page, the PDF and the email. */
export interface DocumentViewData {
  id: string;
  tenantId: string;
  kind: DocumentKind;
  status: DocumentStatus;
  number: string | null;
  state: DocumentState;
  allocatedPence: number;
  creditedPence: number;
  balancePence: number;
  issuedOn: string | null;
  taxPoint: string | null;
  dueOn: string | null;
  poNumber: string | null;
  reason: string | null;
  runId: string | null;
  organisationId: string;
  customer: DocumentParty & {
    accountCode: string | null;
    contactName: string | null;
    contactEmail: string | null;
  };
  supplier: DocumentParty & { vatNumber: string | null };
  remittance: Remittance | null;
  costCentres: string[];
  subjectiveCodes: string[];
  credits: { id: string; number: string | null } | null;
  lines: DocumentViewLine[];
  totals: { byRate: VatTotal[]; netPence: number; vatPence: number; totalPence: number };
  sentAt: string | null;
  sentTo: string | null;
  voidedAt: string | null;
  voidReason: string | null;
  /** Stripe's page to pay it on, when the provider takes payment through Stripe. */
  payUrl?: string | null;
}

/** "VAT invoice SCC-INV000001", "Draft internal recharge". */
export function documentTitle(d: Pick<DocumentViewData, 'kind' | 'number'>): string {
  const kind = DOCUMENT_KINDS[d.kind].singular;
  return d.number ? `${kind} ${d.number}` : `Draft ${d.kind === 'invoice' ? kind : kind.toLowerCase()}`;
}

/** 150 → "1.5"; 100 → "1". */
export function formatQuantity(hundredths: number): string {
  const whole = Math.trunc(hundredths / 100);
  const rest = Math.abs(hundredths % 100);
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

export function vatRateText(code: VatCode, basisPoints: number): string {
  if (code === 'S') return `${basisPoints / 100}%`;
  return VAT_CODES[code];
}

/** Where a line's charge came from, in words: the order and its line, the period or the day of the work. */
export function lineSource(line: DocumentViewLine): string {
  const parts: string[] = [];
  if (line.orderReference) parts.push(`Order ${line.orderReference}, line ${line.orderLineNumber ?? ''}`.trim());
  if (line.deliveredOn) parts.push(`work done ${formatDate(line.deliveredOn)}`);
  else if (line.periodStart && line.periodEnd)
    parts.push(`${formatDate(line.periodStart)} to ${formatDate(line.periodEnd)}`);
  if (line.chargeKind === 'manual') parts.push('added by hand');
  return parts.join('; ');
}

export function remittanceReference(d: Pick<DocumentViewData, 'number' | 'kind'>): string | null {
  return d.number && d.kind !== 'credit_note' ? d.number : null;
}

/** The summary rows both renderings print, in one order. */
export function documentFacts(d: DocumentViewData): Array<{ key: string; value: string }> {
  const rows: Array<{ key: string; value: string }> = [];
  if (d.number) rows.push({ key: `${DOCUMENT_KINDS[d.kind].singular} number`, value: d.number });
  if (d.issuedOn) rows.push({ key: 'Date of issue', value: formatDate(d.issuedOn) });
  if (d.taxPoint && d.kind === 'invoice') rows.push({ key: 'Tax point', value: formatDate(d.taxPoint) });
  if (d.dueOn && d.kind !== 'credit_note') rows.push({ key: 'Payment due', value: formatDate(d.dueOn) });
  if (d.credits) rows.push({ key: 'Credits', value: d.credits.number ?? 'A document not yet numbered' });
  if (d.poNumber) rows.push({ key: 'Purchase order number', value: d.poNumber });
  if (d.customer.accountCode) rows.push({ key: 'Customer account', value: d.customer.accountCode });
  if (d.kind === 'recharge' && d.costCentres.length > 0)
    rows.push({ key: d.costCentres.length > 1 ? 'Cost centres' : 'Cost centre', value: d.costCentres.join(', ') });
  if (d.kind === 'recharge' && d.subjectiveCodes.length > 0)
    rows.push({
      key: d.subjectiveCodes.length > 1 ? 'Income codes' : 'Income code',
      value: d.subjectiveCodes.join(', '),
    });
  if (d.supplier.vatNumber && d.kind !== 'recharge')
    rows.push({ key: 'VAT registration number', value: d.supplier.vatNumber });
  if (d.reason) rows.push({ key: 'Reason', value: d.reason });
  return rows;
}

export function lineDetails(line: DocumentViewLine, kind: DocumentKind): string[] {
  const details = [lineSource(line)];
  if (kind === 'recharge') {
    if (line.costCentre) details.push(`cost centre ${line.costCentre}`);
    if (line.subjectiveCode) details.push(`income code ${line.subjectiveCode}`);
  }
  if (line.poNumber) details.push(`PO ${line.poNumber}`);
  return details.filter(Boolean);
}

function Address({ party }: { party: DocumentParty }) {
  return (
    <p className="govuk-body">
      <strong>{party.name}</strong>
      {party.address.map((line, i) => (
        <span key={i}>
          <br />
          {line}
        </span>
      ))}
    </p>
  );
}

export interface DocumentViewProps {
  document: DocumentViewData;
  /** The order line's page, for the provider's own staff. */
  lineHref?: (line: DocumentViewLine) => string | null;
  /** A last column per line (removing a draft's line). */
  lineAction?: (line: DocumentViewLine) => ReactNode;
  /** Pay online (Stripe), when the provider takes payment that way and something is owed. */
  payUrl?: string | null;
  /** Sections after the totals: payments, credit notes, statements. */
  children?: ReactNode;
}

/** The one HTML rendering of an invoice, recharge or credit note, for the provider and the buyer. */
export function DocumentView({ document: d, lineHref, lineAction, payUrl = d.payUrl, children }: DocumentViewProps) {
  const facts: SummaryListRow[] = documentFacts(d).map((f) => ({ key: f.key, value: f.value }));
  const showVat = d.kind !== 'recharge';
  const head = showVat
    ? ['Description', 'Quantity', 'Unit price', 'VAT', 'Net', 'VAT amount']
    : ['Description', 'Quantity', 'Unit price', 'Amount'];
  const reference = remittanceReference(d);
  return (
    <article className="app-document" aria-labelledby="document-title">
      <span className="govuk-caption-l">{d.supplier.name}</span>
      <h1 className="govuk-heading-l" id="document-title">
        {documentTitle(d)}
      </h1>
      <p className="govuk-body">
        <StateTag state={DOCUMENT_STATES[d.state]} />
      </p>
      {d.status === 'void' ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            VOID: this {DOCUMENT_KINDS[d.kind].singular.toLowerCase()} was cancelled and is not to be paid
            {d.voidReason ? ` (${d.voidReason})` : ''}.
          </strong>
        </div>
      ) : null}
      {d.kind === 'recharge' ? <p className="govuk-inset-text">Internal recharge — outside the scope of VAT</p> : null}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <h2 className="govuk-heading-s">From</h2>
          <Address party={d.supplier} />
        </div>
        <div className="govuk-grid-column-one-half">
          <h2 className="govuk-heading-s">To</h2>
          <Address party={d.customer} />
        </div>
      </div>
      <SummaryList rows={facts} />
      <table className="govuk-table app-document__lines">
        <caption className="govuk-table__caption govuk-table__caption--m">Lines</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {head.map((h) => (
              <th
                scope="col"
                key={h}
                className={
                  h === 'Description' ? 'govuk-table__header' : 'govuk-table__header govuk-table__header--numeric'
                }
              >
                {h}
              </th>
            ))}
            {lineAction ? (
              <th scope="col" className="govuk-table__header app-no-print">
                <span className="govuk-visually-hidden">Change</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {d.lines.map((line) => {
            const href = lineHref?.(line) ?? null;
            const details = lineDetails(line, d.kind);
            return (
              <tr className="govuk-table__row" key={line.id}>
                <td className="govuk-table__cell">
                  {line.description}
                  {details.length > 0 ? (
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                      {href ? (
                        <a className="govuk-link" href={href}>
                          {details[0]}
                        </a>
                      ) : (
                        details[0]
                      )}
                      {details.slice(1).map((text) => `; ${text}`)}
                    </span>
                  ) : null}
                  {line.reason ? (
                    <span className="govuk-body-s govuk-!-display-block">Reason: {line.reason}</span>
                  ) : null}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {formatQuantity(line.quantityHundredths)}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(line.unitPricePence)}</td>
                {showVat ? (
                  <td className="govuk-table__cell govuk-table__cell--numeric">
                    {line.vatCode} ({vatRateText(line.vatCode, line.vatRateBasisPoints)})
                  </td>
                ) : null}
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(line.netPence)}</td>
                {showVat ? (
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(line.vatPence)}</td>
                ) : null}
                {lineAction ? <td className="govuk-table__cell app-no-print">{lineAction(line)}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      <table className="govuk-table app-document__totals">
        <caption className="govuk-table__caption govuk-table__caption--m">Totals</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              {showVat ? 'VAT rate' : 'Total'}
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Net
            </th>
            {showVat ? (
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                VAT
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {showVat
            ? d.totals.byRate.map((t) => (
                <tr className="govuk-table__row" key={t.vatCode}>
                  <th scope="row" className="govuk-table__header">
                    {t.vatCode}: {VAT_CODES[t.vatCode]}
                  </th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(t.netPence)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(t.vatPence)}</td>
                </tr>
              ))
            : null}
          {showVat ? (
            <tr className="govuk-table__row">
              <th scope="row" className="govuk-table__header">
                Total excluding VAT
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(d.totals.netPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(d.totals.vatPence)}</td>
            </tr>
          ) : null}
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">
              {d.kind === 'credit_note' ? 'Total credited' : 'Total due'}
            </th>
            <td className="govuk-table__cell govuk-table__cell--numeric" colSpan={showVat ? 2 : 1}>
              <strong data-total-pence={d.totals.totalPence}>{formatPence(d.totals.totalPence)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      {d.status === 'final' && d.kind !== 'credit_note' ? (
        <p className="govuk-body">
          Still to pay: <strong>{formatPence(d.balancePence)}</strong>
        </p>
      ) : null}
      {payUrl && d.balancePence > 0 ? (
        <p className="govuk-body app-no-print">
          <a className="govuk-link" href={payUrl}>
            Pay online<span className="govuk-visually-hidden"> {d.number}</span>
          </a>
        </p>
      ) : null}
      {d.kind !== 'credit_note' ? (
        <>
          <h2 className="govuk-heading-m">How to pay</h2>
          {d.kind === 'recharge' ? (
            <p className="govuk-body">
              This is charged to the school&apos;s budget by journal: there is nothing to pay by bank transfer.
            </p>
          ) : d.remittance ? (
            <SummaryList
              rows={[
                { key: 'Bank', value: d.remittance.bankName },
                { key: 'Sort code', value: d.remittance.sortCode },
                { key: 'Account number', value: d.remittance.accountNumber },
                { key: 'Reference', value: reference ? `Quote ${reference} as the reference` : 'The document number' },
              ]}
            />
          ) : (
            <p className="govuk-body">Ask {d.supplier.name} for their bank details.</p>
          )}
        </>
      ) : null}
      {children}
    </article>
  );
}
