import {
  listOfferingProviders,
  listPublishedSchedulesOf,
  listSchedulePricesOf,
  listVisibleServices,
} from '../../db/queries/catalogue';
import { listContactOfficersForBuyer } from '../../db/queries/commissioning';
import { listCustomerClassesOf, listProvidersForBuyer } from '../../db/queries/tenancy';
import { withBuyer } from '../../db/scope.server';
import { pageCount, pageWindow } from '../forms/paging';
import type { BuyerContext } from '../auth/guards.server';
import { londonToday } from '../calendar/contract-year';
import { buyingOrganisation } from '../pricing/buyer-price.server';
import { buyerCustomerClass, scheduleInForceFor } from '../pricing/price-in-force';
import { priceModelSchema } from '../pricing/price-model';
import { UNIT_KINDS } from '../vocabulary';
import { headlinePrice } from './headline-price';

export interface CatalogueFilters {
  search?: string;
  category?: string;
  provider?: string;
}

/** Services a page of the catalogue shows. */
const CATALOGUE_PAGE_SIZE = 50;

export type CataloguePrice =
  { kind: 'priced'; text: string } | { kind: 'not_yet_published'; text: string } | { kind: 'unpriced'; text: string };

/**
 * A page of the services a buyer may see (how many match, and which page: one past the last shows
 * the last), each with the price it would be quoted today by the same rule as the service page,
 * and the providers offering it any service (for the provider filter). With `accounts`, also the
 * buyer's accounts with providers and its contact officers (the catalogue's front page shows them;
 * a search's results and the list's later pages do not). One transaction and a fixed number of
 * statements however many services match; only the page's services are priced.
 */
export async function listCatalogue(
  ctx: BuyerContext,
  filters: CatalogueFilters,
  page = 1,
  { accounts: withAccounts = true, today = londonToday() }: { accounts?: boolean; today?: string } = {},
) {
  return withBuyer(ctx, async (tx) => {
    // The reads that need nothing from each other go together (one write, one wait on PostgreSQL);
    // then the schedules of the page's providers and the buyer's customer class with each, then
    // their prices.
    const [providers, filtered, { org }, accounts, contactOfficers] = await Promise.all([
      listOfferingProviders(tx),
      listVisibleServices(tx, filters),
      buyingOrganisation(tx, ctx),
      // The buyer's accounts with providers (a trust's and all its schools') and its contact officers.
      withAccounts ? listProvidersForBuyer(tx) : [],
      withAccounts ? listContactOfficersForBuyer(tx) : [],
    ]);
    // A provider not offering this buyer anything is no filter at all (an old link, a typed address):
    // it matched nothing, so the services are read again without it.
    const provider = providers.some((p) => p.slug === filters.provider) ? filters.provider : undefined;
    const matching = filters.provider && !provider ? await listVisibleServices(tx, { ...filters, provider }) : filtered;
    const pages = pageCount(matching.length, CATALOGUE_PAGE_SIZE);
    const shown = Math.min(page, pages);
    const { limit, offset } = pageWindow(shown, CATALOGUE_PAGE_SIZE);
    const services = matching.slice(offset, offset + limit);

    const tenantIds = [...new Set(services.map((s) => s.tenantId))];
    const [schedules, classes] = await Promise.all([
      listPublishedSchedulesOf(tx, tenantIds),
      listCustomerClassesOf(tx, org.id, tenantIds),
    ]);
    const accountClass = new Map(classes.map((c) => [c.tenantId, c.customerClass] as const));
    const inForce = new Map(
      tenantIds.map((id) => [
        id,
        scheduleInForceFor(
          schedules.filter((s) => s.tenant_id === id),
          today,
        ),
      ]),
    );
    // Each service's schedule in force and the buyer's class with its provider, then only those prices.
    const wanted = services.map((s) => ({
      service: s,
      year: inForce.get(s.tenantId)!,
      customerClass: buyerCustomerClass(accountClass.get(s.tenantId), org, s.providerLaCode),
    }));
    const prices = new Map(
      (
        await listSchedulePricesOf(
          tx,
          wanted.flatMap(({ service, year, customerClass }) =>
            year.schedule
              ? [{ tenantId: service.tenantId, scheduleId: year.schedule.id, serviceId: service.id, customerClass }]
              : [],
          ),
        )
      ).map((p) => [`${p.schedule_id}:${p.service_id}`, p.price]),
    );
    const buyer = { pupils: org.pupils ?? null, phase: org.phase ?? null };

    const priced = wanted.map(({ service: s, year }) => {
      const row = year.schedule ? prices.get(`${year.schedule.id}:${s.id}`) : undefined;
      const price: CataloguePrice = year.notYetPriced
        ? { kind: 'not_yet_published', text: `Prices for the ${year.notYetPriced.label} not yet published` }
        : row === undefined
          ? { kind: 'unpriced', text: 'No published price for you: ask the provider' }
          : { kind: 'priced', text: headlinePrice(priceModelSchema.parse(row), UNIT_KINDS[s.unitKind], buyer) };
      return { ...s, price };
    });
    return {
      accounts: accounts.map(({ tenantId: _tenant, organisationId: _organisation, ...shown }) => shown),
      contactOfficers,
      services: priced,
      total: matching.length,
      page: shown,
      pages,
      providers,
      provider: provider ?? '',
      buyingFor: { id: org.id, name: org.name },
    };
  });
}
