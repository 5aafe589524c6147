import {
  deleteBasketItem,
  findSameBasketItem,
  insertBasketItem,
  listBasketItems,
  setBasketItemQuantity,
} from '../../db/queries/commissioning';
import { withBuyer, type Scoped } from '../../db/scope.server';
import type { BuyerContext } from '../auth/guards.server';
import {
  formatDate,
  contractYearLabel,
  contractYearStarting,
  isRealDate,
  isWithin,
  londonToday,
} from '../calendar/contract-year';
import { DomainError } from '../errors';
import { resolveBuyerPrice } from '../pricing/buyer-price.server';
import { quote, type QuoteResult } from '../pricing/quote';
import { UNIT_KINDS } from '../catalogue/service-input';

export interface BasketRequest {
  slug: string;
  serviceId: string;
  yearKey?: string;
  schoolId?: string;
  quantity: number;
  packageCode?: string;
  preferredDates?: string;
  /** A start date the buyer gives (cancellation notice counts back from it). */
  startsOn?: string;
}

/** Prices a request exactly as an order would, refusing what could not be ordered. */
export async function priceRequest(tx: Scoped, ctx: BuyerContext, request: BasketRequest, today = londonToday()) {
  let found: Awaited<ReturnType<typeof resolveBuyerPrice>>;
  try {
    found = await resolveBuyerPrice(tx, ctx, request.slug, request.serviceId, {
      yearKey: request.yearKey,
      schoolId: request.schoolId,
    });
  } catch (error) {
    if (error instanceof Response && error.status === 404)
      throw new DomainError(
        'order.not_offered',
        'A service in your basket is no longer offered to you: remove it and try again',
        undefined,
        422,
      );
    throw error;
  }
  if (!found.price || !found.schedule || !found.year)
    throw new DomainError(
      'order.no_price',
      `${found.service.name} has no published price for you yet: contact the provider`,
      'quantity',
      422,
    );
  // Prices of a year that has ended stay readable, but nothing can be ordered for it.
  const year = contractYearStarting(Number(found.year.start.slice(0, 4)), found.year.kind);
  if (year.end < today)
    throw new DomainError(
      'order.year_ended',
      `The ${contractYearLabel(found.year.kind, found.year.start)} has ended: choose a current or coming contract year to order`,
      'quantity',
      422,
    );
  const unit = UNIT_KINDS[found.service.unit_kind];
  const result: QuoteResult = quote(found.price, found.buyingFor, {
    quantity: request.quantity,
    packageCode: request.packageCode,
    unitName: unit,
    year: found.year,
  });
  if (!result.ok)
    throw new DomainError(
      `order.${result.code}`,
      result.message,
      result.code === 'package_unknown' ? 'package' : 'quantity',
      422,
    );
  return { found, quote: result };
}

/**
 * Adds to the basket. The same thing added again (same service, for the same school and year,
 * with the same package, dates and start) adds to the quantity of the line already there, priced
 * and checked at the new quantity, rather than standing as a second identical line.
 */
export async function addToBasket(ctx: BuyerContext, request: BasketRequest): Promise<'added' | 'merged'> {
  return withBuyer(ctx, async (tx) => {
    const { found } = await priceRequest(tx, ctx, request);
    if (request.startsOn) {
      const year = contractYearStarting(Number(found.year!.start.slice(0, 4)), found.year!.kind);
      if (!isRealDate(request.startsOn) || !isWithin(request.startsOn, year))
        throw new DomainError(
          'order.starts_on',
          `Enter a start date in the ${contractYearLabel(found.year!.kind, found.year!.start)}, from ${formatDate(year.start)} to ${formatDate(year.end)}`,
          'startsOn',
        );
    }
    const item = {
      serviceId: found.service.id,
      forOrganisationId: found.buyingFor.id,
      yearKind: found.year!.kind,
      yearStart: found.year!.start,
      packageCode: request.packageCode?.toUpperCase() || null,
      preferredDates: request.preferredDates?.trim() ?? '',
      startsOn: request.startsOn || null,
    };
    const same = await findSameBasketItem(tx, item);
    if (same) {
      const quantity = same.quantity + request.quantity;
      if (quantity > 100_000)
        throw new DomainError(
          'order.quantity',
          `Your basket already has ${same.quantity} of this: together that would be more than 100,000`,
          'quantity',
          422,
        );
      await priceRequest(tx, ctx, { ...request, yearKey: `${item.yearKind}:${item.yearStart}`, quantity });
      await setBasketItemQuantity(tx, same.id, quantity);
      return 'merged';
    }
    await insertBasketItem(tx, {
      organisationId: ctx.organisationId,
      userId: ctx.userId,
      tenantId: found.service.tenant_id,
      quantity: request.quantity,
      ...item,
    });
    return 'added';
  });
}

export async function removeFromBasket(ctx: BuyerContext, itemId: string): Promise<void> {
  await withBuyer(ctx, (tx) => deleteBasketItem(tx, itemId));
}

/** The basket, priced afresh and grouped by provider (each provider's lines become its orders). */
export async function viewBasket(ctx: BuyerContext) {
  return withBuyer(ctx, (tx) => pricedBasket(tx, ctx));
}

export async function pricedBasket(tx: Scoped, ctx: BuyerContext) {
  const items = await listBasketItems(tx);
  const providers = new Map<
    string,
    {
      slug: string;
      providerName: string;
      poRequired: boolean;
      totalPence: number;
      items: Array<{
        id: string;
        serviceId: string;
        serviceName: string;
        forOrganisationId: string;
        forName: string;
        yearLabel: string;
        yearKey: string;
        quantity: number;
        unit: string;
        packageCode: string | null;
        preferredDates: string;
        totalPence: number | null;
        problem: string | null;
      }>;
    }
  >();
  for (const item of items) {
    const yearKey = `${item.year_kind}:${item.year_start}`;
    let totalPence: number | null = null;
    let problem: string | null = null;
    let serviceName = 'Service no longer offered';
    let unit = 'units';
    let poRequired = false;
    try {
      const priced = await priceRequest(tx, ctx, {
        slug: item.slug,
        serviceId: item.service_id,
        yearKey,
        schoolId: item.for_organisation_id,
        quantity: item.quantity,
        packageCode: item.package_code ?? undefined,
      });
      totalPence = priced.quote.totalPence;
      serviceName = priced.found.service.name;
      const words = UNIT_KINDS[priced.found.service.unit_kind];
      unit = item.quantity === 1 ? words.singular : words.plural;
      poRequired = priced.found.poRequired;
    } catch (error) {
      if (error instanceof DomainError) problem = error.message;
      else throw error;
    }
    const group = providers.get(item.slug) ?? {
      slug: item.slug,
      providerName: item.providerName,
      poRequired: false,
      totalPence: 0,
      items: [],
    };
    group.poRequired ||= poRequired;
    group.totalPence += totalPence ?? 0;
    group.items.push({
      id: item.id,
      serviceId: item.service_id,
      serviceName,
      forOrganisationId: item.for_organisation_id,
      forName: item.forName,
      yearLabel: contractYearLabel(item.year_kind, item.year_start),
      yearKey,
      quantity: item.quantity,
      unit,
      packageCode: item.package_code,
      preferredDates: item.preferred_dates,
      totalPence,
      problem,
    });
    providers.set(item.slug, group);
  }
  return [...providers.values()];
}
