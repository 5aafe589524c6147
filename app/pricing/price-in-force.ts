import type { CustomerClass, TypeGroup, YearKind } from '../../db/schema';
import { contractYearLabel, contractYearOf, type IsoDate } from '../calendar/contract-year';
import { classifySchool } from '../tenancy/customer-class';
import { yearsAwaitingPrices } from './schedule-readiness';

/**
 * Which price applies to a buyer, without I/O: the one service page and the catalogue list both
 * decide it here, so the price a school sees in the list is the one it is quoted.
 */

export interface ContractYearOption {
  key: string; // e.g. "academic:2025-09-01"
  label: string;
}

export interface PublishedSchedule {
  id: string;
  year_kind: YearKind;
  year_start: IsoDate;
  version: number;
  effective_from: IsoDate;
}

export interface BuyingOrganisation {
  kind: string;
  laCode: string | null;
  typeGroup: TypeGroup | null;
  typeOfEstablishment: string | null;
}

/** The class on the buyer's account with the provider; without one, the class its school would be given. */
export function buyerCustomerClass(
  accountClass: CustomerClass | null | undefined,
  org: BuyingOrganisation,
  providerLaCode: string,
): CustomerClass {
  if (accountClass) return accountClass;
  if (org.kind === 'school' && org.laCode && org.typeGroup)
    return classifySchool(
      { laCode: org.laCode, typeGroup: org.typeGroup, typeOfEstablishment: org.typeOfEstablishment },
      providerLaCode,
    ).customerClass;
  return org.kind === 'council' ? 'partner_council' : 'academy';
}

/**
 * A provider's published schedules (newest year and version first) read as contract years: the
 * year asked for or else the one running today, and the version in force in it (the latest whose
 * date has come). `notYetPriced` names the year running now when it has no published prices.
 */
export function scheduleInForceFor(published: PublishedSchedule[], today: IsoDate, yearKey?: string) {
  const years = new Map<string, { kind: YearKind; start: IsoDate; versions: PublishedSchedule[] }>();
  for (const s of published) {
    const key = `${s.year_kind}:${s.year_start}`;
    if (!years.has(key)) years.set(key, { kind: s.year_kind, start: s.year_start, versions: [] });
    years.get(key)!.versions.push(s);
  }
  const yearOptions: ContractYearOption[] = [...years].map(([key, y]) => ({
    key,
    label: contractYearLabel(y.kind, y.start),
  }));
  const current = [...years.keys()].find((key) => {
    const y = years.get(key)!;
    return contractYearOf(today, y.kind).start === y.start;
  });
  const chosenKey = yearKey && years.has(yearKey) ? yearKey : (current ?? yearOptions[0]?.key);
  const year = chosenKey ? years.get(chosenKey)! : null;
  const onDate = year && today >= year.start ? today : year?.start;
  const schedule = year?.versions.find((v) => v.effective_from <= (onDate ?? '')) ?? year?.versions.at(-1) ?? null;
  // The year running now has no published prices: say so, rather than offer last year's.
  const notYetPriced =
    yearsAwaitingPrices(
      published.map((p) => ({ year_kind: p.year_kind, year_start: p.year_start, status: 'published' as const })),
      today,
    ).find((y) => y.started) ?? null;
  return {
    yearOptions,
    yearKey: chosenKey ?? null,
    year: year ? { kind: year.kind, start: year.start } : null,
    schedule,
    notYetPriced: notYetPriced ? { label: notYetPriced.label } : null,
  };
}
