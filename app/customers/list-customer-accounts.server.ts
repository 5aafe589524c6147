import { listCustomerAccounts as queryAccounts } from '../../db/queries/customers';
import type { CustomerClass } from '../../db/schema';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { pageCount, pageFromQuery, pageWindow } from '../forms/paging';
import { customerClassNames } from '../tenancy/customer-class';

export const ACCOUNTS_PER_PAGE = 50;

export interface AccountSearch {
  search: string;
  customerClass: CustomerClass | null;
  page: number;
}

/** Reads the list's search from its address; anything unknown is ignored rather than refused. */
export function readAccountSearch(params: URLSearchParams): AccountSearch {
  const cls = params.get('class') ?? '';
  return {
    search: (params.get('q') ?? '').trim().slice(0, 100),
    customerClass: cls in customerClassNames ? (cls as CustomerClass) : null,
    page: pageFromQuery(params.get('page')),
  };
}

/** One page of the provider's customer accounts, with how many there are in all. */
export async function listCustomerAccounts(ctx: TenantContext, search: AccountSearch) {
  const { total, rows } = await withTenant(ctx, (tx) =>
    queryAccounts(tx, ctx.tenantId, {
      search: search.search,
      customerClass: search.customerClass ?? undefined,
      ...pageWindow(search.page, ACCOUNTS_PER_PAGE),
    }),
  );
  return {
    total,
    pages: pageCount(total, ACCOUNTS_PER_PAGE),
    accounts: rows.map((r) => ({
      id: r.id,
      name: r.name,
      urn: r.urn,
      accountCode: r.account_code,
      customerClass: r.customer_class,
      settlementMethod: r.settlement_method,
      postcode: r.billing_postcode,
    })),
  };
}
