import { searchOrganisations } from '../../db/queries/customers';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';

const KIND_NAMES = { school: 'School', trust: 'Trust', council: 'Council' } as const;

/** Schools (by name or URN, from the national data), trusts and councils a provider could open an account for. */
export async function findOrganisations(ctx: TenantContext, search: string) {
  const text = search.trim().slice(0, 100);
  if (text.length < 2) return [];
  const rows = await withTenant(ctx, (tx) => searchOrganisations(tx, ctx.tenantId, text));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: KIND_NAMES[r.kind],
    urn: r.urn,
    place: [r.town, r.postcode].filter(Boolean).join(', ') || r.laName || '',
    accountId: r.accountId,
  }));
}
