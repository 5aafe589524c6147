import { sql } from 'kysely';
import type { Scoped } from '../scope.server';
import { openDocumentsAsOf } from './aged-debt';

export async function findReminderSettings(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('debt_reminder_settings')
    .select(['enabled', 'days_after_due as daysAfterDue', 'updated_at as updatedAt'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
}

export async function saveReminderSettings(
  tx: Scoped,
  s: { tenantId: string; enabled: boolean; daysAfterDue: number[]; updatedBy: string },
) {
  const days = sql<number[]>`string_to_array(${s.daysAfterDue.join(',')}, ',')::integer[]`;
  await tx
    .insertInto('debt_reminder_settings')
    .values({ tenant_id: s.tenantId, enabled: s.enabled, days_after_due: days, updated_by: s.updatedBy })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({
        enabled: s.enabled,
        days_after_due: days,
        updated_by: s.updatedBy,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

export interface ReminderDueRow {
  documentId: string;
  organisationId: string;
  number: string;
  dueOn: string;
  totalPence: number;
  outstandingPence: number;
  daysOverdue: number;
  /** The latest reminder day the invoice has reached; earlier ones not yet sent are passed over. */
  stageDays: number;
  customerName: string;
  contactName: string | null;
  /** The account's billing contact now, else the one printed on the invoice; null: nobody to send to. */
  sendTo: string | null;
}

/**
 * The invoices owed on `today` that have reached a reminder day the tenant set (the latest one
 * reached) with no reminder sent for that day or a later one: what the job sends, in one query.
 * Nothing when reminders are off. Recharges are settled by journal, so never reminded.
 */
export async function listRemindersDue(tx: Scoped, tenantId: string, today: string): Promise<ReminderDueRow[]> {
  const { rows } = await sql<ReminderDueRow>`
    with open_documents as (${openDocumentsAsOf(tenantId, today)}),
    days as (
      select unnest(st.days_after_due) as stage_days
        from debt_reminder_settings st
       where st.tenant_id = ${tenantId}::uuid and st.enabled
    ),
    reached as (
      select o.*, (select max(stage_days) from days where stage_days <= o.days_past_due) as stage_days
        from open_documents o
       where o.kind = 'invoice' and o.due_on is not null
    )
    select r.id as "documentId", r.organisation_id as "organisationId", r.number, r.due_on::text as "dueOn",
           r.total_pence as "totalPence", r.outstanding as "outstandingPence", r.days_past_due as "daysOverdue",
           r.stage_days as "stageDays", o.name as "customerName", ca.billing_contact_name as "contactName",
           coalesce(ca.billing_contact_email, r.billing_contact_email) as "sendTo"
      from reached r
      join customer_accounts ca on ca.tenant_id = ${tenantId}::uuid and ca.organisation_id = r.organisation_id
      join organisations o on o.id = r.organisation_id
     where r.stage_days is not null
       and not exists (select 1 from debt_reminders_sent s
                        where s.tenant_id = ${tenantId}::uuid and s.document_id = r.id and s.stage_days >= r.stage_days)
     order by o.name, r.due_on, r.number`.execute(tx);
  return rows;
}

/**
 * Takes the right to send one reminder for `leaseMinutes`; the claim's Message-ID, or null when
 * another sender holds it or it was sent. A concurrent claim waits on the key, then finds this one.
 */
export async function claimReminder(
  tx: Scoped,
  c: { tenantId: string; documentId: string; stageDays: number; messageId: string; leaseMinutes: number },
): Promise<string | null> {
  const { rows } = await sql<{ messageId: string }>`
    insert into debt_reminder_claims as k (tenant_id, document_id, stage_days, message_id, claimed_until)
    values (${c.tenantId}::uuid, ${c.documentId}::uuid, ${c.stageDays}::integer, ${c.messageId},
            now() + make_interval(mins => ${c.leaseMinutes}::integer))
    on conflict (tenant_id, document_id, stage_days) do update set claimed_until = excluded.claimed_until
     where k.claimed_until < now()
       and not exists (select 1 from debt_reminders_sent s where s.tenant_id = k.tenant_id
                         and s.document_id = k.document_id and s.stage_days = k.stage_days)
    returning k.message_id as "messageId"`.execute(tx);
  return rows[0]?.messageId ?? null;
}

/** The send failed: the claim lapses now, so the next run tries again. */
export async function releaseReminderClaim(tx: Scoped, tenantId: string, documentId: string, stageDays: number) {
  await tx
    .updateTable('debt_reminder_claims')
    .set({ claimed_until: sql`now() - interval '1 second'` })
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .where('stage_days', '=', stageDays)
    .execute();
}

export async function insertReminderSent(
  tx: Scoped,
  r: {
    tenantId: string;
    documentId: string;
    organisationId: string;
    stageDays: number;
    daysOverdue: number;
    outstandingPence: number;
    sentTo: string;
    messageId: string;
  },
) {
  await tx
    .insertInto('debt_reminders_sent')
    .values({
      tenant_id: r.tenantId,
      document_id: r.documentId,
      organisation_id: r.organisationId,
      stage_days: r.stageDays,
      days_overdue: r.daysOverdue,
      outstanding_pence: r.outstandingPence,
      sent_to: r.sentTo,
      message_id: r.messageId,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'document_id', 'stage_days']).doNothing())
    .execute();
}

/** The reminders sent, newest first: to whom, for which invoice, when. */
export async function listRemindersSent(tx: Scoped, tenantId: string, limit: number) {
  return tx
    .selectFrom('debt_reminders_sent as r')
    .innerJoin('billing_documents as d', (j) =>
      j.onRef('d.tenant_id', '=', 'r.tenant_id').onRef('d.id', '=', 'r.document_id'),
    )
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .innerJoin('customer_accounts as ca', (j) =>
      j.onRef('ca.tenant_id', '=', 'r.tenant_id').onRef('ca.organisation_id', '=', 'r.organisation_id'),
    )
    .select([
      'r.id',
      'r.document_id as documentId',
      'd.number',
      'o.name as customerName',
      'ca.id as accountId',
      'r.stage_days as stageDays',
      'r.days_overdue as daysOverdue',
      'r.outstanding_pence as outstandingPence',
      'r.sent_to as sentTo',
      'r.message_id as messageId',
      'r.sent_at as sentAt',
    ])
    .where('r.tenant_id', '=', tenantId)
    .orderBy('r.sent_at', 'desc')
    .orderBy('r.id')
    .limit(limit)
    .execute();
}

/** Who reminders are from: the tenant's name, contact address and bank details. */
export async function findReminderSender(tx: Scoped, tenantId: string) {
  return tx
    .selectFrom('tenants')
    .select(['id', 'slug', 'name', 'contact_email', 'bank_name', 'bank_sort_code', 'bank_account_number'])
    .where('id', '=', tenantId)
    .executeTakeFirst();
}
