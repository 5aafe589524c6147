import { sql } from 'kysely';
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

export interface AuditLogFilter {
  actorUserId?: string;
  subjectType?: string;
  /** UK calendar days, inclusive. */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** The id in `subject_id` as a uuid, only for this subject type (other types keep other ids). */
const subjectUuid = (type: string) =>
  sql<string>`(case when e.subject_type = ${type} and e.subject_id ~ '^[0-9a-f-]{36}$' then e.subject_id::uuid end)`;

/**
 * A tenant's audit log, newest first, filtered, with each record named in words (its reference,
 * service or person) and the id of the page to link to, where the record can still be found.
 */
export async function listAuditLog(tx: Scoped, tenantId: string, filter: AuditLogFilter) {
  const query = tx
    .selectFrom('audit_events as e')
    .leftJoin('users as actor', 'actor.id', 'e.actor_user_id')
    .leftJoinLateral(
      () =>
        sql<{ label: string; link_id: string | null }>`(
          select 'order ' || o.reference as label, o.id::text as link_id
            from orders o where o.tenant_id = e.tenant_id and o.id = ${subjectUuid('order')}
          union all
          select 'line ' || l.line_number || ' of order ' || o.reference || ' (' || l.service_name || ')', l.id::text
            from order_lines l join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
           where l.tenant_id = e.tenant_id and l.id = ${subjectUuid('order_line')}
          union all
          select 'line ' || l.line_number || ' of order ' || o.reference || ' (' || l.service_name || ')', l.id::text
            from deliveries d
            join order_lines l on l.tenant_id = d.tenant_id and l.id = d.order_line_id
            join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
           where d.tenant_id = e.tenant_id and d.id = ${subjectUuid('delivery')}
          union all
          select 'service ' || s.code || ' ' || s.name, s.id::text
            from services s where s.tenant_id = e.tenant_id and s.id = ${subjectUuid('service')}
          union all
          select 'the ' || extract(year from c.year_start)::int || '/'
                 || lpad(((extract(year from c.year_start)::int + 1) % 100)::text, 2, '0') || ' '
                 || c.year_kind || ' year charge schedule, version ' || c.version, c.id::text
            from charge_schedules c where c.tenant_id = e.tenant_id and c.id = ${subjectUuid('charge_schedule')}
          union all
          select 'the account of ' || org.name, a.id::text
            from customer_accounts a join organisations org on org.id = a.organisation_id
           where a.tenant_id = e.tenant_id and a.id = ${subjectUuid('customer_account')}
          union all
          select 'agreement ' || g.reference, g.id::text
            from agreements g where g.tenant_id = e.tenant_id and g.id = ${subjectUuid('agreement')}
          union all
          select 'the buy-back window for the ' || extract(year from w.year_start)::int || '/'
                 || lpad(((extract(year from w.year_start)::int + 1) % 100)::text, 2, '0') || ' ' || w.year_kind || ' year', null
            from renewal_windows w where w.tenant_id = e.tenant_id and w.id = ${subjectUuid('renewal_window')}
          union all
          select u.name, case when m.user_id is null then null else u.id::text end
            from users u
            left join tenant_memberships m on m.tenant_id = e.tenant_id and m.user_id = u.id
           where u.id = ${subjectUuid('user')}
          union all
          select case d.kind when 'invoice' then 'VAT invoice ' when 'recharge' then 'recharge ' else 'credit note ' end
                 || coalesce(d.number, '(draft) to ' || org.name), d.id::text
            from billing_documents d join organisations org on org.id = d.organisation_id
           where d.tenant_id = e.tenant_id and d.id = ${subjectUuid('billing_document')}
          union all
          select 'the billing run for ' || r.period_label, r.id::text
            from billing_runs r where r.tenant_id = e.tenant_id and r.id = ${subjectUuid('billing_run')}
          union all
          select 'the payment from ' || org.name || ' received on ' || to_char(p.received_on, 'FMDD FMMonth YYYY'), p.id::text
            from payments p join organisations org on org.id = p.organisation_id
           where p.tenant_id = e.tenant_id and p.id = ${subjectUuid('payment')}
          union all
          select org.name, null from organisations org where org.id = ${subjectUuid('organisation')}
          union all
          select 'the ' || e.subject_id || '/' || lpad(((e.subject_id::int + 1) % 100)::text, 2, '0') || ' academic year', null
           where e.subject_type = 'academic_year' and e.subject_id ~ '^[0-9]{4}$'
          limit 1
        )`.as('s'),
      (join) => join.onTrue(),
    )
    .select([
      'e.id',
      'e.occurred_at as occurredAt',
      'e.action',
      'e.subject_type as subjectType',
      'e.detail',
      'actor.name as actorName',
      's.label as subjectLabel',
      's.link_id as linkId',
    ])
    .where('e.tenant_id', '=', tenantId)
    .where((eb) => eb.and(auditConditions(filter)));
  return query.orderBy('e.id', 'desc').limit(filter.limit).offset(filter.offset).execute();
}

/** How many entries the filter finds (for the pages). */
export async function countAuditLog(tx: Scoped, tenantId: string, filter: Omit<AuditLogFilter, 'limit' | 'offset'>) {
  const row = await tx
    .selectFrom('audit_events as e')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('e.tenant_id', '=', tenantId)
    .where((eb) => eb.and(auditConditions(filter)))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The filter's conditions, the same for the list and its count. */
function auditConditions(filter: Omit<AuditLogFilter, 'limit' | 'offset'>) {
  const day = sql<string>`(e.occurred_at at time zone 'Europe/London')::date`;
  return [
    ...(filter.actorUserId ? [sql<boolean>`e.actor_user_id = ${filter.actorUserId}`] : []),
    ...(filter.subjectType ? [sql<boolean>`e.subject_type = ${filter.subjectType}`] : []),
    ...(filter.from ? [sql<boolean>`${day} >= ${filter.from}`] : []),
    ...(filter.to ? [sql<boolean>`${day} <= ${filter.to}`] : []),
    sql<boolean>`true`,
  ];
}

/** The people who appear in a tenant's audit log, for the filter. */
export async function listAuditActors(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('audit_events as e')
    .innerJoin('users as u', 'u.id', 'e.actor_user_id')
    .select(['u.id', 'u.name'])
    .distinct()
    .where('e.tenant_id', '=', tenantId)
    .orderBy('u.name')
    .execute();
}
