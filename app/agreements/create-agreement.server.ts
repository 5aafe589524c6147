import {
  insertAgreement,
  listPartnerPrices,
  nextAgreementReference,
  insertAgreementPrice,
} from '../../db/queries/agreements';
import { listPublishedSchedules } from '../../db/queries/catalogue';
import { findBuyerAccount } from '../../db/queries/catalogue';
import { insertAuditEvent } from '../../db/queries/audit';
import type { YearKind } from '../../db/schema';
import { withTenant, type Scoped } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { contractYearStarting } from '../calendar/contract-year';
import { DomainError } from '../errors';

export interface AgreementInput {
  commissionerOrganisationId: string;
  title: string;
  yearKind: YearKind;
  firstYear: number;
  years: number;
  providerContactName: string;
  providerContactEmail: string;
  commissionerContactName: string;
  commissionerContactEmail: string;
  notes: string;
}

/**
 * A framework agreement with a partner council. Its agreed charges start as the partner-council
 * prices of the latest published schedule, frozen for the agreement's life.
 */
export async function createAgreement(ctx: TenantContext, input: AgreementInput): Promise<string> {
  return withTenant(ctx, (tx) => createAgreementIn(tx, ctx.tenantId, ctx.userId, input));
}

export async function createAgreementIn(
  tx: Scoped,
  tenantId: string,
  userId: string | null,
  input: AgreementInput,
): Promise<string> {
  const account = await findBuyerAccount(tx, tenantId, input.commissionerOrganisationId);
  if (account?.customer_class !== 'partner_council')
    throw new DomainError(
      'agreement.not_partner',
      'Choose a council that is a partner-council customer',
      'commissionerOrganisationId',
    );
  const schedule = (await listPublishedSchedules(tx, tenantId))[0];
  if (!schedule)
    throw new DomainError(
      'agreement.no_schedule',
      'Publish a charge schedule first: the agreement starts from its partner-council prices',
      undefined,
      409,
    );
  const prices = await listPartnerPrices(tx, tenantId, schedule.id);
  if (prices.length === 0)
    throw new DomainError(
      'agreement.no_prices',
      'No published service is sold to partner councils yet: offer one first',
      undefined,
      409,
    );
  const reference = await nextAgreementReference(tx, tenantId);
  const { id } = await insertAgreement(tx, {
    tenantId,
    reference,
    commissionerOrganisationId: input.commissionerOrganisationId,
    title: input.title,
    yearKind: input.yearKind,
    firstYearStart: contractYearStarting(input.firstYear, input.yearKind).start,
    years: input.years,
    providerContactName: input.providerContactName,
    providerContactEmail: input.providerContactEmail,
    commissionerContactName: input.commissionerContactName,
    commissionerContactEmail: input.commissionerContactEmail,
    notes: input.notes,
    createdBy: userId,
  });
  for (const p of prices) await insertAgreementPrice(tx, tenantId, id, p.service_id, p.price);
  await insertAuditEvent(tx, {
    tenantId,
    actorUserId: userId,
    action: 'agreement.created',
    subjectType: 'agreement',
    subjectId: id,
    detail: {
      reference,
      commissioner: input.commissionerOrganisationId,
      years: input.years,
      firstYear: input.firstYear,
      prices: prices.length,
    },
  });
  return id;
}
