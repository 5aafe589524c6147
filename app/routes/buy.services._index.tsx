import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import type { ServiceCategory } from '../../db/schema';
import { requireBuyer } from '../auth/guards.server';
import { listCatalogue } from '../catalogue/list-catalogue.server';
import { CATEGORIES } from '../catalogue/service-input';
import { Button } from '../components/Button';
import type { TitleHandle } from '../components/document-title';
import { Pagination } from '../components/Pagination';
import { Select } from '../components/Select';
import { Table } from '../components/Table';
import { TextInput } from '../components/TextInput';
import { customerClassNameFor } from '../tenancy/customer-class';
import { SETTLEMENT_METHOD_NAMES } from '../vocabulary';
import { searchText } from '../forms/invisible';
import { pageFromQuery } from '../forms/paging';

export const handle: TitleHandle = { title: 'Providers and services' };

/**
 * The providers offering a buyer services without an account are named when they are few; a school
 * offered services by most of the country is told how many, and finds each under the provider filter.
 */
const OTHERS_NAMED = 10;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request);
  const url = new URL(request.url);
  const search = searchText(url.searchParams.get('q'));
  const categoryParam = url.searchParams.get('category') ?? '';
  const category = categoryParam in CATEGORIES ? (categoryParam as ServiceCategory) : '';
  const provider = searchText(url.searchParams.get('provider'), 60);
  const page = pageFromQuery(url.searchParams.get('page'));
  // The catalogue's front page tells the buyer who sells to it; a search's results, and the list's
  // later pages, lead with the services.
  const front = !search && !category && !provider && page === 1;
  const catalogue = await listCatalogue(
    ctx,
    { search: search || undefined, category: category || undefined, provider: provider || undefined },
    page,
    { accounts: front },
  );
  const { accounts, contactOfficers } = catalogue;
  return {
    front,
    contactOfficers,
    kind: ctx.organisationKind,
    // Providers who sell to the buyer: those holding an account for it, and any offering it a
    // service (for example one sold to any school in England).
    providers: accounts,
    sellers: catalogue.providers,
    services: catalogue.services.map((s) => ({
      id: s.id,
      slug: s.slug,
      name: s.name,
      providerName: s.providerName,
      category: s.category,
      price: s.price,
    })),
    // A trust sees prices for one of its schools, as on each service page.
    pricedFor: ctx.organisationKind === 'trust' ? catalogue.buyingFor.name : null,
    total: catalogue.total,
    page: catalogue.page,
    pages: catalogue.pages,
    search,
    category,
    provider: catalogue.provider,
  };
}

export default function Catalogue() {
  const {
    front,
    kind,
    providers,
    sellers,
    services,
    total,
    page,
    pages,
    search,
    category,
    provider,
    contactOfficers,
    pricedFor,
  } = useLoaderData<typeof loader>();
  const filtered = Boolean(search || category || provider);
  const known = new Set(providers.map((p) => p.slug));
  const others = sellers.filter((p) => !known.has(p.slug));
  const href = (to: number) => {
    const query = new URLSearchParams();
    if (search) query.set('q', search);
    if (provider) query.set('provider', provider);
    if (category) query.set('category', category);
    if (to > 1) query.set('page', String(to));
    const text = query.toString();
    return text ? `/buy/services?${text}` : '/buy/services';
  };
  const whoSells = (
    <>
      <h1 className="govuk-heading-l">Providers who sell to you</h1>
      {providers.length === 0 ? (
        <p className="govuk-body">No provider holds an account for you yet.</p>
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
                  customerClassNameFor(p.customerClass, p.providerKind),
                  SETTLEMENT_METHOD_NAMES[p.settlementMethod],
                ]
              : [
                  p.providerName,
                  customerClassNameFor(p.customerClass, p.providerKind),
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
          head={kind === 'trust' ? ['Provider', 'School', 'Contact officer'] : ['Provider', 'Contact officer']}
          rows={contactOfficers.map((c) => [
            c.providerName,
            // A school's own name would only repeat the header's; a trust needs to know which school.
            ...(kind === 'trust' ? [c.schoolName] : []),
            <a key="c" className="govuk-link" href={`mailto:${c.email}`}>
              {c.name}
            </a>,
          ])}
        />
      ) : null}
      {others.length > 0 ? (
        <p className="govuk-body">
          {others.length <= OTHERS_NAMED
            ? `Also offering you services without an account yet: ${others.map((o) => o.providerName).join(', ')}.`
            : `${others.length} more providers offer you services without an account yet: choose one under Provider to see theirs.`}
        </p>
      ) : null}
      <h2 className="govuk-heading-l">Services you can buy</h2>
    </>
  );
  return (
    <>
      {front ? (
        whoSells
      ) : (
        <>
          <h1 className="govuk-heading-l">Services you can buy</h1>
          <p className="govuk-body">
            <a className="govuk-link" href="/buy/services">
              Your providers and contact officers
            </a>
          </p>
        </>
      )}
      <form method="get" role="search" aria-label="Services">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <TextInput name="q" label="Search services" defaultValue={search} />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="provider"
              label="Provider"
              items={[
                { value: '', label: 'All providers' },
                ...sellers.map((p) => ({ value: p.slug, label: p.providerName })),
              ]}
              defaultValue={provider}
            />
          </div>
          <div className="govuk-grid-column-one-third">
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
        {filtered ? (
          <p className="govuk-body">
            <a className="govuk-link" href="/buy/services">
              Show all services
            </a>
          </p>
        ) : null}
      </form>
      {services.length === 0 ? (
        <p className="govuk-body">
          {filtered ? 'No services match your search.' : 'No services are offered to you yet.'}
        </p>
      ) : (
        <>
          <p className="govuk-body">
            {pricedFor
              ? `Prices are what ${pricedFor} would pay today, before VAT; each service page prices any of your schools.`
              : 'Prices are what you would pay today, before VAT.'}
          </p>
          <Table
            caption={`${total} ${total === 1 ? 'service' : 'services'}${filtered ? ' match' : ''}${
              pages > 1 ? `, page ${page} of ${pages}` : ''
            }`}
            captionClassName="govuk-table__caption--s"
            head={['Service', 'Provider', 'Category', 'Your price']}
            rows={services.map((s) => [
              <a key="s" className="govuk-link" href={`/buy/services/${s.slug}/${s.id}`}>
                {s.name}
              </a>,
              s.providerName,
              CATEGORIES[s.category],
              s.price.kind === 'priced' ? (
                s.price.text
              ) : (
                <span className="govuk-hint govuk-!-margin-0">{s.price.text}</span>
              ),
            ])}
          />
          <Pagination page={page} pages={pages} href={href} />
        </>
      )}
    </>
  );
}
