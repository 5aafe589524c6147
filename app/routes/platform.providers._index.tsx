import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData, useSearchParams } from '@remix-run/react';
import { requirePlatformAdmin } from '../auth/guards.server';
import type { TitleHandle } from '../components/document-title';
import { NotificationBanner } from '../components/NotificationBanner';
import { Table } from '../components/Table';
import { providersOverview } from '../platform/list-providers.server';
import { PROVIDER_KINDS } from '../platform/provider-form';

export const handle: TitleHandle = { title: 'Providers' };

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  return { providers: await providersOverview() };
}

export default function PlatformProviders() {
  const { providers } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const added = providers.find((p) => p.slug === params.get('added'));
  return (
    <>
      {added ? (
        <NotificationBanner type="success" heading={`${added.name} added`}>
          <p className="govuk-body">Its first admin has been sent an invitation by email to set up their account.</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">Platform administration</span>
      <h1 className="govuk-heading-l">Providers</h1>
      <p className="govuk-body">
        Councils, teaching schools and academy trusts that sell services to schools through Traded. Each is a separate
        provider with its own catalogue, charge schedules, orders and people.
      </p>
      <a
        href="/platform/providers/new"
        role="button"
        draggable="false"
        className="govuk-button"
        data-module="govuk-button"
      >
        Add a provider
      </a>
      <Table
        caption={`${providers.length} ${providers.length === 1 ? 'provider' : 'providers'}`}
        captionClassName="govuk-table__caption--m"
        head={['Provider', 'Kind', 'Area (LA code)', 'Organisation', 'People', 'Invitations waiting']}
        firstCellIsHeader
        rows={providers.map((p) => [
          `${p.name} (/t/${p.slug})`,
          PROVIDER_KINDS[p.kind].label,
          p.laCode,
          p.urn ? `URN ${p.urn}` : p.companiesHouseNumber ? `Companies House ${p.companiesHouseNumber}` : '–',
          String(p.people),
          String(p.waiting),
        ])}
      />
      <p className="govuk-body">
        <a className="govuk-link" href="/platform/schools">
          Import schools
        </a>
      </p>
    </>
  );
}
