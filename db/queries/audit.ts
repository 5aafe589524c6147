import type { Scoped } from '../scope.server';

export interface AuditEntry {
  tenantId: string;
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, unknown>;
}

export async function insertAuditEvent(tx: Scoped, entry: AuditEntry) {
  await tx
    .insertInto('audit_events')
    .values({
      tenant_id: entry.tenantId,
      actor_user_id: entry.actorUserId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}

export async function listAuditEvents(tx: Scoped, tenantId: string, limit = 50) {
  return tx
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.actor_user_id')
    .select([
      'audit_events.id',
      'audit_events.occurred_at',
      'audit_events.action',
      'audit_events.subject_type',
      'audit_events.subject_id',
      'audit_events.detail',
      'users.name as actorName',
    ])
    .where('audit_events.tenant_id', '=', tenantId)
    .orderBy('audit_events.id', 'desc')
    .limit(limit)
    .execute();
}
