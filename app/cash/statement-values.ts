import { isRealDate } from '../calendar/contract-year';
import { parsePounds } from '../money';

/**
 * A date as banks write it: dd/MM/yyyy, dd/MM/yy (Barclays.Net), ISO yyyy-MM-dd (camt.053 and
 * some exports), with / - or . between the parts; null when it is none of these or not a real day.
 * Two-digit years are 2000–2099: a bank statement is never from the last century.
 */
export function parseStatementDate(text: string): string | null {
  const value = text.trim();
  let y: string, m: string, d: string;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(value);
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(value);
  if (iso) [, y, m, d] = iso as unknown as [string, string, string, string];
  else if (uk) {
    [, d, m, y] = uk as unknown as [string, string, string, string];
    if (y.length === 2) y = `20${y}`;
  } else return null;
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isRealDate(date) ? date : null;
}

/**
 * An amount in pounds as banks write it, as signed pence: "1,234.56", "-12.00", "+12.00", "£5",
 * "12.00 CR" / "12.00 DR", "(12.00)" for a debit. Null when it is not an amount; '' is 0.
 */
export function parseStatementAmount(text: string): number | null {
  let value = text.trim().replace(/\u2212/g, '-');
  if (value === '') return 0;
  let sign = 1;
  const suffix = /^(.*?)\s*(CR|DR)$/i.exec(value);
  if (suffix) {
    value = suffix[1]!;
    if (suffix[2]!.toUpperCase() === 'DR') sign = -1;
  }
  const bracketed = /^\((.*)\)$/.exec(value);
  if (bracketed) {
    value = bracketed[1]!;
    sign = -sign;
  }
  if (value.startsWith('+')) value = value.slice(1);
  const pence = parsePounds(value);
  if (pence === null) return null;
  return sign * pence;
}
