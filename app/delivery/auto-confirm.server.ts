import { insertAuditEvent } from '../../db/queries/audit';
import { autoConfirmDue, listTenantIds } from '../../db/queries/delivery';
import { withPerson, withTenant } from '../../db/scope.server';
import { londonToday } from '../calendar/contract-year';

/** A job: in every tenant, delivery records nobody challenged by their date confirm themselves. */
export async function confirmDueDeliveries(today = londonToday()): Promise<number> {
  const tenants = await withPerson(null, (tx) => listTenantIds(tx));
  let confirmed = 0;
  for (const { id } of tenants) {
    confirmed += await withTenant({ tenantId: id }, async (tx) => {
      const n = await autoConfirmDue(tx, id, today);
      if (n > 0)
        await insertAuditEvent(tx, {
          tenantId: id,
          actorUserId: null,
          action: 'delivery.auto_confirmed',
          subjectType: 'tenant',
          subjectId: id,
          detail: { count: n, today },
        });
      return n;
    });
  }
  return confirmed;
}
