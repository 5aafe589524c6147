import type { ReconciliationCell } from '../../db/queries/reconciliation';

/** The ways to look at a period: by service, customer, practitioner or agreement. */
export const RECONCILIATION_VIEWS = {
  service: { label: 'Service', key: 'serviceId', none: 'No service (manual lines)' },
  customer: { label: 'Customer', key: 'organisationId', none: 'No customer' },
  practitioner: { label: 'Practitioner', key: 'practitionerId', none: 'No practitioner' },
  agreement: { label: 'Agreement', key: 'agreementId', none: 'Not under an agreement' },
} as const satisfies Record<string, { label: string; key: keyof ReconciliationCell; none: string }>;

export type ReconciliationView = keyof typeof RECONCILIATION_VIEWS;

/** The figures every row and every total carries, in pence: a cell's money, and what is outstanding. */
export interface ReconciliationFigures
  extends Omit<ReconciliationCell, 'serviceId' | 'organisationId' | 'practitionerId' | 'agreementId'> {
  /** Invoiced and recharged, less credited and paid. */
  outstandingPence: number;
}

export const FIGURE_COLUMNS: ReadonlyArray<{ key: keyof ReconciliationFigures; label: string }> = [
  { key: 'agreedPence', label: 'Agreed' },
  { key: 'deliveredConfirmedPence', label: 'Delivered, confirmed' },
  { key: 'deliveredCorrectedPence', label: 'Delivered, corrected' },
  { key: 'deliveredDisputedPence', label: 'Delivered, disputed' },
  { key: 'deliveredAwaitingPence', label: 'Delivered, awaiting confirmation' },
  { key: 'invoicedPence', label: 'Invoiced' },
  { key: 'rechargedPence', label: 'Recharged' },
  { key: 'creditedPence', label: 'Credited' },
  { key: 'paidPence', label: 'Paid' },
  { key: 'outstandingPence', label: 'Outstanding' },
];

export function noFigures(): ReconciliationFigures {
  return {
    agreedPence: 0,
    deliveredConfirmedPence: 0,
    deliveredCorrectedPence: 0,
    deliveredDisputedPence: 0,
    deliveredAwaitingPence: 0,
    invoicedPence: 0,
    rechargedPence: 0,
    creditedPence: 0,
    paidPence: 0,
    outstandingPence: 0,
  };
}

function add(into: ReconciliationFigures, cell: ReconciliationCell) {
  into.agreedPence += cell.agreedPence;
  into.deliveredConfirmedPence += cell.deliveredConfirmedPence;
  into.deliveredCorrectedPence += cell.deliveredCorrectedPence;
  into.deliveredDisputedPence += cell.deliveredDisputedPence;
  into.deliveredAwaitingPence += cell.deliveredAwaitingPence;
  into.invoicedPence += cell.invoicedPence;
  into.rechargedPence += cell.rechargedPence;
  into.creditedPence += cell.creditedPence;
  into.paidPence += cell.paidPence;
  into.outstandingPence += cell.invoicedPence + cell.rechargedPence - cell.creditedPence - cell.paidPence;
}

/** The control totals of a set of cells. */
export function totalOf(cells: readonly ReconciliationCell[]): ReconciliationFigures {
  const total = noFigures();
  for (const cell of cells) add(total, cell);
  return total;
}

export interface ReconciliationRow extends ReconciliationFigures {
  /** The service, customer, practitioner or agreement; null for the cells that have none. */
  id: string | null;
  name: string;
}

/**
 * The cells grouped by one dimension, a row per service (customer, …), named from `names`, in name
 * order with the "none" row last. The rows always add up to `totalOf(cells)`.
 */
export function groupCells(
  cells: readonly ReconciliationCell[],
  view: ReconciliationView,
  names: ReadonlyMap<string, string>,
): ReconciliationRow[] {
  const { key, none } = RECONCILIATION_VIEWS[view];
  const rows = new Map<string | null, ReconciliationRow>();
  for (const cell of cells) {
    const id = cell[key];
    let row = rows.get(id);
    if (!row) {
      row = { id, name: id === null ? none : (names.get(id) ?? 'Unknown'), ...noFigures() };
      rows.set(id, row);
    }
    add(row, cell);
  }
  return [...rows.values()].sort((a, b) =>
    a.id === null ? 1 : b.id === null ? -1 : a.name.localeCompare(b.name, 'en-GB') || a.id.localeCompare(b.id),
  );
}
