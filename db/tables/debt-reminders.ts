import type { ColumnType, Generated } from 'kysely';

type InstantDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type Instant = ColumnType<Date, Date | string, Date | string>;

export interface DebtReminderSettingsTable {
  tenant_id: string;
  enabled: Generated<boolean>;
  /** Days after the due date at which an unpaid invoice is reminded, ascending. */
  days_after_due: number[];
  updated_by: string | null;
  updated_at: InstantDefault;
}

export interface DebtReminderClaimsTable {
  tenant_id: string;
  document_id: string;
  stage_days: number;
  message_id: string;
  claimed_until: Instant;
}

export interface DebtRemindersSentTable {
  tenant_id: string;
  id: Generated<string>;
  document_id: string;
  organisation_id: string;
  stage_days: number;
  days_overdue: number;
  outstanding_pence: number;
  sent_to: string;
  message_id: string;
  sent_at: InstantDefault;
}

/** Kysely types for the tables made by migration 0029; db/schema.ts's Database includes them. */
export interface DebtReminderTables {
  debt_reminder_settings: DebtReminderSettingsTable;
  debt_reminder_claims: DebtReminderClaimsTable;
  debt_reminders_sent: DebtRemindersSentTable;
}
