import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { listVisibleServices } from '../../db/queries/catalogue';
import { listProvidersForBuyer } from '../../db/queries/tenancy';
import type { ServiceCategory } from '../../db/schema';
import { withBuyer } from '../../db/scope.server';
import { requireBuyer } from '../auth/guards.server';
import { contactOfficersForBuyer } from '../commissioning/contact-officers.server';
import { CATEGORIES } from '../catalogue/service-input';
import { Button } from '../components/Button';
import type { TitleHandle } from '../components/document-title';
import { Select } from '../components/Select';
import { Table } from '../components/Table';
import { TextInput } from '../components/TextInput';
import { customerClassNames } from '../tenancy/customer-class';
import { SETTLEMENT_METHOD_NAMES } from '../vocabulary';
import { searchText } from '../forms/invisible';

export const handle: TitleHandle = { title: 'Providers and services' };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request);
  const url = new URL(request.url);
  const search = searchText(url.searchParams.get('q'));
  const categoryParam = url.searchParams.get('category') ?? '';
  const category = categoryParam in CATEGORIES ? (categoryParam as ServiceCategory) : '';
  const { accounts, offered, services } = await withBuyer(ctx, async (tx) => ({
    accounts: await listProvidersForBuyer(tx),
    offered: await listVisibleServices(tx, {}),
    services:
      search || category
        ? await listVisibleServices(tx, { search: search || undefined, category: category || undefined })
        : null,
  }));
  // Providers who sell to the buyer: those holding an account for it, and any offering it a service
  // (for example one sold to any school in England).
  const known = new Set(accounts.map((a) => a.slug));
  const others = [
    ...new Map(offered.filter((s) => !known.has(s.slug)).map((s) => [s.slug, s.providerName])).entries(),
  ].map(([slug, providerName]) => ({
    slug,
    providerName,
  }));
  const contactOfficers = await contactOfficersForBuyer(ctx);
  return {
    contactOfficers,
    organisationName: ctx.organisationName,
    kind: ctx.organisationKind,
    providers: accounts,
    others,
    services: services ?? offered,
    search,
    category,
  };
}

export default function BuyHome() {
  const { organisationName, kind, providers, others, services, search, category, contactOfficers } =
    useLoaderData<typeof loader>();
  const filtered = Boolean(search || category);
  return (
    <>
      <span className="govuk-caption-l">{organisationName}</span>
      <h1 className="govuk-heading-l">Providers who sell to you</h1>
      {providers.length === 0 ? (
        <p className="govuk-body">No provider holds an account for {organisationName} yet.</p>
      ) : (
        <Table
          caption={
            kind === 'trust'
              ? 'Your accounts with providers, for your trust and its schools'
              : 'Your accounts with providers'
          }
          captionClassName="govuk-table__caption--m"
          head={
            kind === 'trust'
              ? ['Provider', 'School', 'Your price class', 'How you pay']
              : ['Provider', 'Your price class', 'How you pay', 'Contact']
          }
          firstCellIsHeader
          rows={providers.map((p) =>
            kind === 'trust'
              ? [
                  p.providerName,
                  p.customerName,
                  customerClassNames[p.customerClass],
                  SETTLEMENT_METHOD_NAMES[p.settlementMethod],
                ]
              : [
                  p.providerName,
                  customerClassNames[p.customerClass],
                  p.settlementMethod === 'recharge' ? 'Internal recharge from your budget' : 'Invoice',
                  <a key="c" className="govuk-link" href={`mailto:${p.contactEmail}`}>
                    {p.contactEmail}
                  </a>,
                ],
          )}
        />
      )}

      {contactOfficers.length > 0 ? (
        <Table
          caption="Your contact officers"
          captionClassName="govuk-table__caption--m"
          head={['Provider', 'School', 'Contact officer']}
          rows={contactOfficers.map((c) => [
            c.providerName,
            c.schoolName,
            <a key="c" className="govuk-link" href={`mailto:${c.email}`}>
              {c.name}
            </a>,
          ])}
        />
      ) : null}
      {others.length > 0 ? (
        <p className="govuk-body">
          Also offering you services without an account yet: {others.map((o) => o.providerName).join(', ')}. Each
          service page shows the price that applies to you.
        </p>
      ) : null}
      <h2 className="govuk-heading-l">Services you can buy</h2>
      <form method="get" role="search" aria-label="Services">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <TextInput name="q" label="Search services" defaultValue={search} />
          </div>
          <div className="govuk-grid-column-one-half">
            <Select
              name="category"
              label="Category"
              items={[
                { value: '', label: 'All categories' },
                ...Object.entries(CATEGORIES).map(([value, label]) => ({ value, label })),
              ]}
              defaultValue={category}
            />
          </div>
        </div>
        <Button variant="secondary">Search</Button>
      </form>
      {services.length === 0 ? (
        <p className="govuk-body">
          {filtered ? 'No services match your search.' : 'No services are offered to you yet.'}
        </p>
      ) : (
        <Table
          caption={`${services.length} ${services.length === 1 ? 'service' : 'services'}${filtered ? ' match' : ''}`}
          captionClassName="govuk-table__caption--s"
          head={['Service', 'Provider', 'Category']}
          rows={services.map((s) => [
            <a key="s" className="govuk-link" href={`/buy/services/${s.slug}/${s.id}`}>
              {s.name}
            </a>,
            s.providerName,
            CATEGORIES[s.category],
          ])}
        />
      )}
    </>
  );
}
