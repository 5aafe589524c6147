import type { CustomerClass, ProviderKind, SettlementMethod, TypeGroup } from '../../db/schema';
import { CUSTOMER_CLASS_NAMES } from '../vocabulary';

/**
 * How a provider first classifies a school: its own maintained schools are part of the council
 * (internal recharge, outside the scope of VAT); academies and other authorities' schools are
 * separate customers invoiced with VAT. A blank GIAS type group here means a recent academy
 * conversion (the data's own note), so it is treated as an academy; an admin can change it.
 */
export function classifySchool(
  school: { laCode: string; typeGroup: TypeGroup; typeOfEstablishment: string | null },
  providerLaCode: string,
): { customerClass: CustomerClass; settlementMethod: SettlementMethod } {
  const academyLike =
    school.typeGroup === 'academy' ||
    school.typeGroup === 'free_school' ||
    school.typeGroup === 'other' ||
    (school.typeGroup === 'special' && /academy|free school/i.test(school.typeOfEstablishment ?? ''));
  if (school.typeGroup === 'independent') return { customerClass: 'independent_other', settlementMethod: 'invoice' };
  if (school.laCode !== providerLaCode) return { customerClass: 'other_la_school', settlementMethod: 'invoice' };
  if (academyLike) return { customerClass: 'academy', settlementMethod: 'invoice' };
  return { customerClass: 'own_maintained', settlementMethod: 'recharge' };
}

export { CUSTOMER_CLASS_NAMES as customerClassNames } from '../vocabulary';

/**
 * A customer class as the buyer reads it with this provider: a maintained school is a council's
 * "own" only when the provider is its council; to a teaching school or trust it is a maintained
 * school in the area served.
 */
export function customerClassNameFor(customerClass: CustomerClass, providerKind: ProviderKind): string {
  if (customerClass === 'own_maintained' && providerKind !== 'council') return 'Maintained school in the area';
  return CUSTOMER_CLASS_NAMES[customerClass];
}
