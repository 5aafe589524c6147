import { orderPositions } from '../commissioning/line-positions.server';
import { findAgreement, listAgreementOrders, listAgreementPrices, listAgreements } from '../../db/queries/agreements';
import { findBuyerAccountTerms } from '../../db/queries/customers';
import { findTenantBySlug } from '../../db/queries/tenancy';
import { withBuyer, withTenant, withTenantAsCouncil, type Scoped } from '../../db/scope.server';
import { notFound, type BuyerContext, type TenantContext } from '../auth/guards.server';
import { UNIT_KINDS } from '../catalogue/service-input';
import { describePrice } from '../pricing/price-fields';
import { priceModelSchema } from '../pricing/price-model';
import { agreementYears } from './agreement-years';

async function load(tx: Scoped, tenantId: string, agreementId: string) {
  const agreement = await findAgreement(tx, tenantId, agreementId);
  if (!agreement) return null;
  const prices = await listAgreementPrices(tx, tenantId, agreementId);
  const account = await findBuyerAccountTerms(tx, tenantId, agreement.commissioner_organisation_id);
  const orders = await listAgreementOrders(tx, tenantId, agreementId);
  const worth = await orderPositions(
    tx,
    tenantId,
    orders.map((o) => o.id),
  );
  return {
    agreement: {
      id: agreement.id,
      slug: agreement.slug,
      reference: agreement.reference,
      title: agreement.title,
      providerName: agreement.providerName,
      commissionerName: agreement.commissionerName,
      status: agreement.status,
      providerContact: { name: agreement.provider_contact_name, email: agreement.provider_contact_email },
      commissionerContact: { name: agreement.commissioner_contact_name, email: agreement.commissioner_contact_email },
      notes: agreement.notes,
    },
    years: agreementYears(agreement.year_kind, agreement.first_year_start, agreement.years),
    /** The commissioner's account asks for a purchase order number on every order. */
    poRequired: account?.po_required ?? false,
    prices: prices.map((p) => ({
      serviceId: p.service_id,
      code: p.code,
      name: p.name,
      unit: UNIT_KINDS[p.unit_kind],
      description: describePrice(priceModelSchema.parse(p.price), UNIT_KINDS[p.unit_kind]),
    })),
    lines: orders.map((o) => ({
      orderId: o.id,
      reference: o.reference,
      status: o.status,
      totalPence: worth.get(o.id)?.owedPence ?? 0,
      period: o.period,
      proposedBy: o.proposed_by,
      submittedAt: o.submitted_at.toISOString(),
    })),
  };
}

export async function agreementForProvider(ctx: TenantContext, agreementId: string) {
  return withTenant(ctx, async (tx) => {
    const loaded = await load(tx, ctx.tenantId, agreementId);
    if (!loaded) throw notFound();
    return loaded;
  });
}

export async function agreementForCommissioner(ctx: BuyerContext, slug: string, agreementId: string) {
  return withBuyer(ctx, async (tx) => {
    const tenant = await findTenantBySlug(tx, slug);
    const loaded = tenant ? await load(tx, tenant.id, agreementId) : null;
    if (!loaded) throw notFound();
    return loaded;
  });
}

/**
 * A provider authority's agreements from both sides: those it supplies under, and those under
 * which its own council commissions another authority (a reciprocal arrangement shows once each way).
 */
export async function agreementsBothWays(ctx: TenantContext) {
  const all = await withTenantAsCouncil(
    { tenantId: ctx.tenantId, userId: ctx.userId, councilOrganisationId: ctx.tenant.organisation_id },
    (tx) => listAgreements(tx),
  );
  const shape = (a: (typeof all)[number]) => ({
    id: a.id,
    slug: a.slug,
    reference: a.reference,
    title: a.title,
    providerName: a.providerName,
    commissionerName: a.commissionerName,
    years: agreementYears(a.year_kind, a.first_year_start, a.years).map((y) => y.label),
    status: a.status,
  });
  return {
    supplying: all.filter((a) => a.tenant_id === ctx.tenantId).map(shape),
    commissioning: all
      .filter((a) => a.tenant_id !== ctx.tenantId && a.commissioner_organisation_id === ctx.tenant.organisation_id)
      .map(shape),
  };
}

export async function agreementsForCommissioner(ctx: BuyerContext) {
  return withBuyer(ctx, async (tx) =>
    (await listAgreements(tx)).map((a) => ({
      id: a.id,
      slug: a.slug,
      reference: a.reference,
      title: a.title,
      providerName: a.providerName,
      years: agreementYears(a.year_kind, a.first_year_start, a.years).map((y) => y.label),
      status: a.status,
    })),
  );
}
