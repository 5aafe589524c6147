import { formatPence } from '../money';

/** A final invoice or recharge with something still owed, as matching sees it. */
export interface MatchableDocument {
  id: string;
  number: string;
  poNumber: string | null;
  organisationId: string;
  issuedOn: string;
  balancePence: number;
}

export interface MatchableCustomer {
  organisationId: string;
  accountCode: string | null;
  name: string;
}

export interface CreditToMatch {
  amountPence: number;
  reference: string;
  payerName: string;
  description: string;
}

export type LineMatch =
  | {
      matched: true;
      organisationId: string;
      allocations: Array<{ documentId: string; amountPence: number }>;
      reason: string;
    }
  | { matched: false; reason: string };

const squash = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** What a reference could name: each word, and two or three words run together ("TST INV 000012"). */
function candidates(line: CreditToMatch): Set<string> {
  const words = `${line.reference} ${line.description} ${line.payerName}`
    .toUpperCase()
    .split(/[\s,;:+]+/)
    .map(squash)
    .filter(Boolean);
  const found = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    found.add(words[i]!);
    if (i + 1 < words.length) found.add(words[i]! + words[i + 1]!);
    if (i + 2 < words.length) found.add(words[i]! + words[i + 1]! + words[i + 2]!);
  }
  return found;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const byAge = (a: MatchableDocument, b: MatchableDocument) =>
  a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : a.number < b.number ? -1 : 1;

/**
 * Matches each credit line of a statement to open documents, in file order, keeping track of what
 * each earlier line paid: by document number in the reference first, then PO number, then the
 * customer's account code (or exact name) with the amount owed on one document or in total.
 * One payment can pay several documents; less than is owed pays the oldest first (a part payment);
 * more than is owed, or anything unclear, waits for a person.
 */
export function matchCreditLines(
  lines: readonly CreditToMatch[],
  documents: readonly MatchableDocument[],
  customers: readonly MatchableCustomer[],
  invoicePrefix: string,
): LineMatch[] {
  const balance = new Map(documents.map((d) => [d.id, d.balancePence]));
  const byNumber = new Map<string, MatchableDocument>();
  const byPo = new Map<string, MatchableDocument[]>();
  const byOrganisation = new Map<string, MatchableDocument[]>();
  const prefix = squash(invoicePrefix);
  for (const d of [...documents].sort(byAge)) {
    const n = squash(d.number);
    byNumber.set(n, d);
    if (prefix && n.startsWith(prefix) && /[A-Z]/.test(n.slice(prefix.length))) byNumber.set(n.slice(prefix.length), d);
    const po = d.poNumber ? squash(d.poNumber) : '';
    if (po.length >= 3) push(byPo, po, d);
    push(byOrganisation, d.organisationId, d);
  }
  const byCode = new Map<string, MatchableCustomer>();
  const byName = new Map<string, MatchableCustomer>();
  for (const c of customers) {
    const code = c.accountCode ? squash(c.accountCode) : '';
    if (code.length >= 3) byCode.set(code, c);
    byName.set(squash(c.name), c);
  }
  const owed = (d: MatchableDocument) => balance.get(d.id) ?? 0;
  const names = (docs: readonly MatchableDocument[]) => docs.map((d) => d.number).join(', ');

  /** Pays these documents (all of one customer) with the amount: all of them, or the oldest first. */
  function pay(docs: MatchableDocument[], amountPence: number, why: string): LineMatch {
    const organisations = new Set(docs.map((d) => d.organisationId));
    if (organisations.size > 1)
      return { matched: false, reason: `${why} names documents of more than one customer (${names(docs)})` };
    const open = docs.filter((d) => owed(d) > 0).sort(byAge);
    if (open.length === 0) return { matched: false, reason: `${why} names ${names(docs)}, already paid in full` };
    const total = open.reduce((s, d) => s + owed(d), 0);
    if (amountPence > total)
      return {
        matched: false,
        reason: `${why} names ${names(open)}, but ${formatPence(amountPence)} is more than the ${formatPence(total)} owed`,
      };
    const allocations: Array<{ documentId: string; amountPence: number }> = [];
    let left = amountPence;
    for (const d of open) {
      if (left === 0) break;
      const part = Math.min(left, owed(d));
      allocations.push({ documentId: d.id, amountPence: part });
      balance.set(d.id, owed(d) - part);
      left -= part;
    }
    const paid = open.slice(0, allocations.length);
    const how =
      amountPence === total
        ? open.length === 1
          ? `the ${formatPence(amountPence)} owed`
          : `${formatPence(amountPence)}, the total owed on them`
        : `a part payment of the ${formatPence(total)} owed`;
    return {
      matched: true,
      organisationId: open[0]!.organisationId,
      allocations,
      reason: `${why}: ${names(paid)}, ${how}`,
    };
  }

  /** The customer is known but no document is named: the amount must be what one document owes, or all of them. */
  function payCustomer(customer: MatchableCustomer, amountPence: number, why: string): LineMatch {
    const open = (byOrganisation.get(customer.organisationId) ?? []).filter((d) => owed(d) > 0);
    const exact = open.find((d) => owed(d) === amountPence);
    if (exact) return pay([exact], amountPence, why);
    const total = open.reduce((s, d) => s + owed(d), 0);
    if (open.length > 0 && total === amountPence) return pay(open, amountPence, why);
    return {
      matched: false,
      reason: `${why} (${customer.name}), but no document of theirs owes ${formatPence(amountPence)}${open.length ? ` and they owe ${formatPence(total)} in all` : ''}`,
    };
  }

  return lines.map((line) => {
    const words = candidates(line);
    const named = new Map<string, MatchableDocument>();
    for (const w of words) {
      const d = byNumber.get(w);
      if (d) named.set(d.id, d);
    }
    if (named.size > 0) return pay([...named.values()], line.amountPence, 'Document number in the reference');
    for (const w of words) {
      const docs = byPo.get(w);
      if (docs) return pay(docs, line.amountPence, `PO number ${docs[0]!.poNumber} in the reference`);
    }
    for (const w of words) {
      const customer = byCode.get(w);
      if (customer)
        return payCustomer(customer, line.amountPence, `Customer account ${customer.accountCode} in the reference`);
    }
    const byPayer = byName.get(squash(line.payerName));
    if (line.payerName && byPayer) return payCustomer(byPayer, line.amountPence, 'The payer’s name');
    return { matched: false, reason: 'No document number, PO number or customer account code in the reference' };
  });
}
