import { loadDemoTenants } from '../../db/seed';
import { DEMO_PASSWORD } from '../../db/seed';
import type { PageName } from './args';
import type { Target } from './load';
import { getPage, signIn } from './sign-in';

/** Bitterne Park Primary School, Southampton: the demo's buying school. */
const BUYER_URN = 116090;
const PROVIDER = 'southampton';
/** Matches one online course that 1 in 5 authorities sells to any school in England. */
export const CATALOGUE_SEARCH = 'safeguarding';

export interface Page extends Target {
  name: PageName;
  who: string;
}

/** The demo people the pages are fetched as, from tenants/ (never typed in here). */
function demoPeople() {
  const southampton = loadDemoTenants().find((t) => t.profile.slug === PROVIDER);
  if (!southampton) throw new Error(`No demo tenant ${PROVIDER}`);
  const buyer = southampton.people.buyers.find(
    (p) => p.role === 'business_manager' && 'urn' in p.organisation && p.organisation.urn === BUYER_URN,
  );
  const manager = southampton.people.staff.find((p) => p.role === 'service_manager');
  const practitioner = southampton.people.staff.find((p) => p.role === 'practitioner');
  if (!buyer || !manager || !practitioner) throw new Error('The demo lacks a buyer, service manager or practitioner');
  return { buyer: buyer.email, manager: manager.email, practitioner: practitioner.email };
}

const firstLink = (html: string, pattern: RegExp) => pattern.exec(html)?.[0] ?? null;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Signs the demo people in through the form and finds each page's address from the pages they
 * see (a Southampton service in the buyer's catalogue, a line in the practitioner's work list).
 */
export async function discoverPages(origin: string): Promise<Page[]> {
  const people = demoPeople();
  const buyer = await signIn(origin, people.buyer, DEMO_PASSWORD);
  const manager = await signIn(origin, people.manager, DEMO_PASSWORD);
  const practitioner = await signIn(origin, people.practitioner, DEMO_PASSWORD);

  const catalogue = await getPage(origin, `/buy/services?provider=${PROVIDER}`, buyer);
  const service = firstLink(catalogue, new RegExp(`/buy/services/${PROVIDER}/${UUID}`));
  if (!service) throw new Error(`The buyer's catalogue links to no ${PROVIDER} service`);

  const linePattern = new RegExp(`/t/${PROVIDER}/lines/${UUID}`);
  let line = firstLink(await getPage(origin, `/t/${PROVIDER}/work`, practitioner), linePattern);
  let lineReader = { cookie: practitioner, who: people.practitioner };
  if (!line) {
    line = firstLink(await getPage(origin, `/t/${PROVIDER}/work`, manager), linePattern);
    lineReader = { cookie: manager, who: people.manager };
  }
  if (!line) throw new Error(`No work list in ${PROVIDER} links to a line`);

  return [
    { name: 'accessibility', path: '/accessibility', who: 'signed out' },
    // The same page signed in: what being signed in costs every page (the session read, the
    // person's navigation), before any page's own reads.
    { name: 'signed-in', path: '/accessibility', cookie: buyer, who: people.buyer },
    {
      name: 'catalogue-search',
      path: `/buy/services?q=${CATALOGUE_SEARCH}`,
      cookie: buyer,
      who: people.buyer,
    },
    { name: 'service', path: service, cookie: buyer, who: people.buyer },
    { name: 'buyer-orders', path: '/buy/orders', cookie: buyer, who: people.buyer },
    { name: 'provider-orders', path: `/t/${PROVIDER}/orders`, cookie: manager, who: people.manager },
    { name: 'work-list', path: `/t/${PROVIDER}/work`, cookie: practitioner, who: people.practitioner },
    { name: 'line', path: line, ...lineReader },
  ];
}
