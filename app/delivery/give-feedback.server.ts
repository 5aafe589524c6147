import { insertAuditEvent } from '../../db/queries/audit';
import { countSettledDeliveries, insertFeedback } from '../../db/queries/delivery';
import { findOrderLine } from '../../db/queries/commissioning';
import { findTenantBySlug } from '../../db/queries/tenancy';
import { withBuyer } from '../../db/scope.server';
import { notFound, type BuyerContext } from '../auth/guards.server';
import { DomainError } from '../errors';

/** After delivery, the buyer rates it (1 to 5) and says what changed; once per person per line. */
export async function giveFeedback(
  ctx: BuyerContext,
  slug: string,
  lineId: string,
  input: { rating: number; whatChanged: string },
) {
  await withBuyer(ctx, async (tx) => {
    const tenant = await findTenantBySlug(tx, slug);
    const line = tenant ? await findOrderLine(tx, tenant.id, lineId) : undefined;
    if (!tenant || !line) throw notFound();
    if ((await countSettledDeliveries(tx, tenant.id, lineId)) === 0)
      throw new DomainError(
        'feedback.too_early',
        'You can give feedback once some of the work has been delivered and confirmed',
        'rating',
        409,
      );
    if (
      !(await insertFeedback(tx, {
        tenantId: tenant.id,
        lineId,
        rating: input.rating,
        whatChanged: input.whatChanged.trim(),
        givenBy: ctx.userId,
      }))
    )
      throw new DomainError('feedback.already_given', 'You have already given feedback on this service', 'rating', 409);
    await insertAuditEvent(tx, {
      tenantId: tenant.id,
      actorUserId: ctx.userId,
      action: 'feedback.given',
      subjectType: 'order_line',
      subjectId: lineId,
      detail: { rating: input.rating },
    });
  });
}
