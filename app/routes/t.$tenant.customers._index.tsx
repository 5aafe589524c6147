import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { Button } from '../components/Button';
import type { TitleHandle } from '../components/document-title';
import { Pagination } from '../components/Pagination';
import { Select } from '../components/Select';
import { Table } from '../components/Table';
import { TextInput } from '../components/TextInput';
import { listCustomerAccounts, readAccountSearch } from '../customers/list-customer-accounts.server';
import { customerClassNames } from '../tenancy/customer-class';
import { SETTLEMENT_METHOD_NAMES } from '../vocabulary';

export const handle: TitleHandle = { title: 'Customer accounts' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'customers.view');
  const search = readAccountSearch(new URL(request.url).searchParams);
  const found = await listCustomerAccounts(ctx, search);
  return { slug: ctx.tenant.slug, search, ...found, canManage: providerCan(ctx.role, 'customers.manage') };
}

export default function CustomerAccounts() {
  const { slug, search, total, pages, accounts, canManage } = useLoaderData<typeof loader>();
  const base = `/t/${slug}/customers`;
  const href = (page: number) => {
    const query = new URLSearchParams();
    if (search.search) query.set('q', search.search);
    if (search.customerClass) query.set('class', search.customerClass);
    if (page > 1) query.set('page', String(page));
    const text = query.toString();
    return text ? `${base}?${text}` : base;
  };
  const filtered = Boolean(search.search || search.customerClass);
  return (
    <>
      <h1 className="govuk-heading-l">Customer accounts</h1>
      {canManage ? (
        <a href={`${base}/new`} role="button" draggable="false" className="govuk-button" data-module="govuk-button">
          Open a customer account
        </a>
      ) : null}
      <form method="get" action={base} role="search" aria-label="Customer accounts">
        <TextInput
          name="q"
          label="Name, URN or account code"
          width="two-thirds"
          spellCheck={false}
          defaultValue={search.search}
        />
        <Select
          name="class"
          label="Customer class"
          items={[
            { value: '', label: 'All classes' },
            ...Object.entries(customerClassNames).map(([value, label]) => ({ value, label })),
          ]}
          defaultValue={search.customerClass ?? ''}
        />
        <Button variant="secondary">Search</Button>
      </form>
      <p className="govuk-body" role="status">
        {total === 0
          ? filtered
            ? 'No accounts match your search.'
            : 'No customer accounts yet.'
          : `${total} ${total === 1 ? 'account' : 'accounts'}${filtered ? ' match your search' : ''}${
              pages > 1 ? `, page ${search.page} of ${pages}` : ''
            }.`}
        {filtered ? (
          <>
            {' '}
            <a className="govuk-link" href={base}>
              Clear the search
            </a>
          </>
        ) : null}
      </p>
      {accounts.length ? (
        <Table
          caption="Accounts"
          captionClassName="govuk-visually-hidden"
          head={['Customer', 'URN', 'Account code', 'Customer class', 'Settles by', 'Postcode']}
          firstCellIsHeader
          rows={accounts.map((a) => [
            <a key="a" className="govuk-link" href={`${base}/${a.id}`}>
              {a.name}
            </a>,
            a.urn ? String(a.urn) : '–',
            a.accountCode ?? '–',
            customerClassNames[a.customerClass],
            SETTLEMENT_METHOD_NAMES[a.settlementMethod],
            a.postcode ?? '–',
          ])}
        />
      ) : null}
      <Pagination page={Math.min(search.page, pages)} pages={pages} href={href} />
    </>
  );
}
