import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable } from 'kysely';
import type { BankStatementTables } from './tables/bank-statements';
import type { CatalogueOfferTables } from './tables/catalogue-offers';
import type { DebtReminderTables } from './tables/debt-reminders';
import type { LedgerExportTables } from './tables/ledger-export';
import type { NetSettlementTables } from './tables/net-settlement';
import type { ServiceBudgetTables } from './tables/service-budgets';
import type { SchoolPerformanceTables } from './tables/school-performance';
import type { SupportCategoryTables } from './tables/support-categories';
import type { ImprovementBudgetTables } from './tables/improvement-budgets';
import type { ProgressReviewTables } from './tables/progress-reviews';
import type { BrokeredSupportTables } from './tables/brokered-support';
import type { ImprovementVisitTables } from './tables/improvement-visits';

/** A timestamptz: read as Date, written as Date or ISO string. */
type Instant = ColumnType<Date, Date | string, Date | string>;
type InstantDefault = ColumnType<Date, Date | string | undefined, Date | string>;

export type ProviderRole = 'admin' | 'service_manager' | 'practitioner' | 'finance';
export type BuyerRole = 'business_manager' | 'approver' | 'trust_finance' | 'council_commissioner';
/** The roles a council's tenant admin may invite people to on the council's own buying side. */
export type BuyingSideRole = Extract<BuyerRole, 'council_commissioner' | 'approver'>;
export type OrganisationKind = 'school' | 'trust' | 'council';
/** What a provider (tenant) is: its organisation is a council, a school or a trust to match. */
export type ProviderKind = 'council' | 'teaching_school' | 'academy_trust';
export type TypeGroup = 'la_maintained' | 'academy' | 'free_school' | 'special' | 'independent' | 'other';
export type CustomerClass = 'own_maintained' | 'academy' | 'other_la_school' | 'partner_council' | 'independent_other';
export type SettlementMethod = 'recharge' | 'invoice';

export interface SchoolsTable {
  urn: number;
  la_code: string;
  la_name: string | null;
  establishment_number: string | null;
  name: string;
  type_of_establishment: string | null;
  type_group: TypeGroup;
  status: string;
  phase: string | null;
  pupils: number | null;
  trust_code: string | null;
  trust_name: string | null;
  street: string | null;
  town: string | null;
  postcode: string | null;
  open_date: string | null;
  links: ColumnType<string[], string[] | undefined, string[]>;
  imported_at: InstantDefault;
}

export interface OrganisationsTable {
  id: Generated<string>;
  kind: OrganisationKind;
  name: string;
  urn: number | null;
  la_code: string | null;
  trust_id: string | null;
  trust_key: string | null;
  created_at: InstantDefault;
  /** A trust added by the platform administrator, known by its Companies House number. */
  companies_house_number: Generated<string | null>;
}

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  organisation_id: string;
  la_code: string;
  address: string;
  postcode: string;
  vat_number: string | null;
  vat_number_is_demo: Generated<boolean>;
  payment_terms_days: Generated<number>;
  invoice_prefix: string;
  bank_name: string | null;
  bank_sort_code: string | null;
  bank_account_number: string | null;
  contact_email: string;
  auto_confirm_days: Generated<number>;
  created_at: InstantDefault;
  /** 2–6 capital letters leading the tenant's order and agreement references (SOTON-ORD-00002). */
  reference_prefix: string;
  /** A council's own area, or for a school or trust the area it serves: `la_code` reads either way. */
  kind: Generated<ProviderKind>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: InstantDefault;
  password_changed_at: Instant | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: InstantDefault;
  expires_at: Instant;
  absolute_expires_at: Instant;
  active_context: string | null;
}

export interface SignInAttemptsTable {
  id: Generated<number>;
  email: string;
  address: string;
  succeeded: boolean;
  attempted_at: InstantDefault;
}

export interface SignInThrottlesTable {
  kind: 'pair' | 'address';
  key: string;
  attempts: Generated<number>;
  window_started_at: InstantDefault;
  blocked_until: Date | null;
}

export interface OrganisationMembershipsTable {
  organisation_id: string;
  user_id: string;
  role: BuyerRole;
  created_at: InstantDefault;
}

export interface TenantMembershipsTable {
  tenant_id: string;
  user_id: string;
  role: ProviderRole;
  created_at: InstantDefault;
}

export interface InvitationsTable {
  tenant_id: string;
  id: Generated<string>;
  email: string;
  /** The provider-side role; null for an invitation to the council's buying side. */
  role: ProviderRole | null;
  /** The council's own buying organisation and the role there, for a buying-side invitation. */
  buyer_organisation_id: string | null;
  buyer_role: BuyingSideRole | null;
  token_hash: string;
  invited_by: string | null;
  created_at: InstantDefault;
  expires_at: Instant;
  accepted_at: Instant | null;
  revoked_at: Instant | null;
}

export interface CustomerAccountsTable {
  tenant_id: string;
  id: Generated<string>;
  organisation_id: string;
  customer_class: CustomerClass;
  settlement_method: SettlementMethod;
  po_required: Generated<boolean>;
  account_code: string | null;
  billing_contact_name: string | null;
  billing_contact_email: string | null;
  created_at: InstantDefault;
  billing_address_line1: string | null;
  billing_address_line2: string | null;
  billing_town: string | null;
  billing_postcode: string | null;
  invoice_trust: Generated<boolean>;
  /** Filled from the class's default by the database when not given. */
  year_kind: ColumnType<YearKind, YearKind | undefined, YearKind>;
  updated_at: InstantDefault;
  updated_by: string | null;
}

export interface AuditEventsTable {
  tenant_id: string;
  id: Generated<number>;
  occurred_at: InstantDefault;
  actor_user_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export type ServiceCategory =
  'school_improvement' | 'educational_psychology' | 'sen_inclusion' | 'governor_services' | 'hr' | 'finance' | 'other';
export type UnitKind = 'hour' | 'session' | 'day' | 'meeting' | 'place' | 'pupil' | 'package';
export type VatCode = 'S' | 'E' | 'O' | 'Z';
export type ServiceStatus = 'draft' | 'published' | 'retired';
export interface SoldTo {
  ownArea: boolean;
  authorities: string[];
  partnerCouncils: boolean;
  anySchool: boolean;
}
type Json<T> = ColumnType<T, string, string>;

export interface ServicesTable {
  tenant_id: string;
  id: Generated<string>;
  code: string;
  name: string;
  category: ServiceCategory;
  description: Generated<string>;
  included: Generated<string>;
  delivered_by: Generated<string>;
  statutory: Generated<boolean>;
  unit_kind: UnitKind;
  unit_hours: ColumnType<string | null, string | number | null, string | number | null>;
  cost_centre: string | null;
  subjective_code: string | null;
  vat_by_class: Json<Record<CustomerClass, VatCode>>;
  cancellation_terms: Generated<string>;
  sold_to: Json<SoldTo>;
  overage_policy: Generated<'charge' | 'refuse'>;
  billing_plan: Generated<BillingPlan>;
  cost_salary_pence: number | null;
  cost_productive_days: number | null;
  cost_overhead_basis_points: number | null;
  cancellation_notice_days: number | null;
  late_cancellation_percent: Generated<number>;
  status: Generated<ServiceStatus>;
  /** Name, code and description lower-cased, a line break between each (the catalogue's search). */
  search_text: GeneratedAlways<string>;
  created_at: InstantDefault;
  updated_at: InstantDefault;
}

export type YearKind = 'academic' | 'financial';

/** A provider's own term dates for one academic year (named by the calendar year it starts in). */
export interface TermDatesTable {
  tenant_id: string;
  academic_year: number;
  autumn_starts_on: string;
  autumn_ends_on: string;
  spring_starts_on: string;
  spring_ends_on: string;
  summer_starts_on: string;
  summer_ends_on: string;
  updated_by: string | null;
  updated_at: InstantDefault;
}

export interface YearKindDefaultsTable {
  tenant_id: string;
  customer_class: CustomerClass;
  year_kind: YearKind;
  updated_by: string | null;
  updated_at: InstantDefault;
}

export interface ChargeSchedulesTable {
  tenant_id: string;
  id: Generated<string>;
  year_kind: YearKind;
  year_start: string;
  version: number;
  status: Generated<'draft' | 'published'>;
  effective_from: string;
  supersedes_id: string | null;
  note: Generated<string>;
  created_at: InstantDefault;
  created_by: string | null;
  published_at: Instant | null;
  published_by: string | null;
}

export interface SchedulePricesTable {
  tenant_id: string;
  schedule_id: string;
  service_id: string;
  customer_class: CustomerClass;
  price: Json<unknown>;
}

export type OrderStatusColumn =
  'awaiting_approval' | 'awaiting_provider' | 'rejected' | 'accepted' | 'declined' | 'cancelled' | 'completed';
export type LineStatus = 'pending' | 'active' | 'cancelled' | 'completed' | 'declined' | 'rejected';
export type DeliveryStatus = 'logged' | 'confirmed' | 'disputed' | 'corrected' | 'voided';
export type DisputeOutcome = 'stands' | 'corrected' | 'voided';

export interface BuyerSettingsTable {
  organisation_id: string;
  approval_threshold_pence: number | null;
  updated_by: string | null;
  updated_at: InstantDefault;
}

export interface BasketItemsTable {
  id: Generated<string>;
  organisation_id: string;
  user_id: string;
  tenant_id: string;
  service_id: string;
  for_organisation_id: string;
  year_kind: YearKind;
  year_start: string;
  quantity: number;
  package_code: string | null;
  preferred_dates: Generated<string>;
  starts_on: string | null;
  created_at: InstantDefault;
}

export interface OrdersTable {
  tenant_id: string;
  id: Generated<string>;
  reference: string;
  organisation_id: string;
  placed_by_organisation_id: string;
  customer_class: CustomerClass;
  settlement_method: SettlementMethod;
  po_number: string | null;
  contact_name: string;
  contact_email: string;
  status: OrderStatusColumn;
  /** What the order came to when submitted (it decides approval); its worth now comes from its lines. */
  submitted_total_pence: number;
  idempotency_key: string;
  accepted_on: string | null;
  submitted_by: string;
  submitted_at: InstantDefault;
  approved_by: string | null;
  approved_at: Instant | null;
  decided_by: string | null;
  decided_at: Instant | null;
  closed_reason: string | null;
  closed_by: string | null;
  closed_at: Instant | null;
  agreement_id: string | null;
  proposed_by: Generated<'buyer' | 'provider'>;
  period: Generated<string>;
}

export interface AgreementsTable {
  tenant_id: string;
  id: Generated<string>;
  reference: string;
  commissioner_organisation_id: string;
  title: string;
  year_kind: YearKind;
  first_year_start: string;
  years: number;
  status: Generated<'active' | 'ended'>;
  provider_contact_name: string;
  provider_contact_email: string;
  commissioner_contact_name: string;
  commissioner_contact_email: string;
  notes: Generated<string>;
  created_by: string | null;
  created_at: InstantDefault;
}

export interface AgreementPricesTable {
  tenant_id: string;
  agreement_id: string;
  service_id: string;
  price: Json<unknown>;
  /** A change to an agreed price is a new version; the latest is what applies. */
  version: Generated<number>;
  agreed_at: InstantDefault;
}

export interface OrderLinesTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  line_number: number;
  service_id: string;
  service_code: string;
  service_name: string;
  unit_kind: UnitKind;
  schedule_id: string | null;
  year_kind: YearKind;
  year_start: string;
  quantity: number;
  package_code: string | null;
  preferred_dates: Generated<string>;
  price: Json<unknown>;
  quote: Json<unknown>;
  total_pence: number;
  /** What the line includes, in hundredths of a unit; null where the price is not per unit. */
  allowance_hundredths: number | null;
  overage_unit_price_pence: number | null;
  status: Generated<LineStatus>;
  assigned_to: string | null;
  starts_on: string | null;
  cancellation_notice_days: number | null;
  late_cancellation_percent: Generated<number>;
  cancellation_charge_pence: Generated<number>;
  /** Set from the service (or the subscription's instalments) when not given. */
  billing_plan: ColumnType<BillingPlan, BillingPlan | undefined, BillingPlan>;
}

export interface DeliveriesTable {
  tenant_id: string;
  id: Generated<string>;
  order_line_id: string;
  delivered_on: string;
  units_hundredths: number;
  practitioner_id: string;
  work_type: string;
  note: Generated<string>;
  status: Generated<DeliveryStatus>;
  confirm_by: string;
  logged_by: string;
  logged_at: InstantDefault;
  confirmed_by: string | null;
  confirmed_at: Instant | null;
  auto_confirmed: Generated<boolean>;
  dispute_reason: string | null;
  disputed_by: string | null;
  disputed_at: Instant | null;
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: Instant | null;
  resolution_outcome: DisputeOutcome | null;
  corrects_delivery_id: string | null;
}

export interface FeedbackTable {
  tenant_id: string;
  id: Generated<string>;
  order_line_id: string;
  rating: number;
  what_changed: Generated<string>;
  given_by: string;
  given_at: InstantDefault;
}

export interface ContactOfficersTable {
  tenant_id: string;
  organisation_id: string;
  user_id: string;
}

export interface RenewalWindowsTable {
  tenant_id: string;
  id: Generated<string>;
  year_kind: YearKind;
  year_start: string;
  opens_on: string;
  closes_on: string;
  note: Generated<string>;
  created_by: string | null;
  created_at: InstantDefault;
}

export interface RenewalResponsesTable {
  tenant_id: string;
  window_id: string;
  previous_line_id: string;
  organisation_id: string;
  decision: 'renewed' | 'dropped';
  new_order_id: string | null;
  decided_by: string;
  decided_at: InstantDefault;
}

export interface OrderVariationsTable {
  tenant_id: string;
  id: Generated<string>;
  order_line_id: string;
  quantity_before: number;
  quantity_after: number;
  allowance_after_hundredths: number;
  total_before_pence: number;
  total_after_pence: number;
  quote: Json<unknown>;
  reason: string;
  status: Exclude<OrderStatusColumn, 'completed'>;
  requested_by: string;
  requested_at: InstantDefault;
  approved_by: string | null;
  approved_at: Instant | null;
  decided_by: string | null;
  decided_at: Instant | null;
  closed_reason: string | null;
  accepted_on: string | null;
}

export interface PlatformAdminsTable {
  user_id: string;
  created_at: InstantDefault;
}

export type SchoolImportStatus = 'importing' | 'imported' | 'stopped';

export interface SchoolImportsTable {
  id: Generated<string>;
  imported_by: string;
  started_at: InstantDefault;
  status: ColumnType<SchoolImportStatus, SchoolImportStatus | undefined, SchoolImportStatus>;
  finished_at: Date | null;
  stopped_reason: string | null;
  file_name: string;
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** How far a running import has got, recorded by the process saving it (whole percent). */
  percent_done: ColumnType<number, number | undefined, number>;
}

export interface InstallationFlagsTable {
  flag: 'demo_data';
  set_at: InstantDefault;
}

export type BillingPlan =
  'annual' | 'termly' | 'monthly' | 'split_7_5' | 'arrears_monthly' | 'arrears_termly' | 'as_delivered';
export type BillingRunStatus = 'queued' | 'running' | 'finished' | 'failed';
export type BillingPeriodKind = 'month' | 'term' | 'up_to';
export type DocumentKind = 'invoice' | 'recharge' | 'credit_note';
export type DocumentStatus = 'draft' | 'final' | 'void';
export type ChargeKind = 'instalment' | 'delivery' | 'overage' | 'cancellation' | 'manual' | 'credit';
export type PaymentMethod = 'bank_transfer' | 'bacs' | 'cheque' | 'card' | 'stripe';

export interface BillingRunError {
  organisationId: string;
  message: string;
}

export interface BillingRunsTable {
  tenant_id: string;
  id: Generated<string>;
  period_kind: BillingPeriodKind;
  period_label: string;
  period_start: string | null;
  period_end: string;
  status: ColumnType<BillingRunStatus, BillingRunStatus | undefined, BillingRunStatus>;
  customers_total: number | null;
  customers_done: Generated<number>;
  documents_made: Generated<number>;
  lines_made: Generated<number>;
  errors: ColumnType<BillingRunError[], string | undefined, string>;
  outcome: string | null;
  lease_until: Date | null;
  attempts: Generated<number>;
  started_by: string | null;
  started_at: InstantDefault;
  finished_at: Date | null;
  /** The last customer (bill-to organisation, in id order) the run has committed. */
  done_through: string | null;
}

export interface Remittance {
  bankName: string;
  sortCode: string;
  accountNumber: string;
}

export interface BillingDocumentsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: DocumentKind;
  run_id: string | null;
  organisation_id: string;
  status: ColumnType<DocumentStatus, DocumentStatus | undefined, DocumentStatus>;
  number: string | null;
  issued_on: string | null;
  tax_point: string | null;
  due_on: string | null;
  po_number: string | null;
  credits_document_id: string | null;
  reason: string | null;
  customer_name: string | null;
  customer_address: string | null;
  account_code: string | null;
  cost_centre: string | null;
  billing_contact_name: string | null;
  billing_contact_email: string | null;
  supplier_name: string | null;
  supplier_address: string | null;
  supplier_vat_number: string | null;
  remittance: ColumnType<Remittance | null, string | null | undefined, string | null>;
  net_pence: number | null;
  vat_pence: number | null;
  total_pence: number | null;
  created_by: string | null;
  created_at: InstantDefault;
  finalised_by: string | null;
  finalised_at: Instant | null;
  sent_at: Instant | null;
  sent_to: string | null;
  voided_by: string | null;
  voided_at: Instant | null;
  void_reason: string | null;
}

export interface BillingDocumentLinesTable {
  tenant_id: string;
  document_id: string;
  id: Generated<string>;
  line_number: number;
  charge_kind: ChargeKind;
  order_line_id: string | null;
  delivery_id: string | null;
  charge_key: string | null;
  description: string;
  period_start: string | null;
  period_end: string | null;
  quantity_hundredths: number;
  unit_price_pence: number;
  net_pence: number;
  vat_code: VatCode;
  vat_rate_basis_points: number;
  vat_pence: number;
  po_number: string | null;
  cost_centre: string | null;
  subjective_code: string | null;
  credits_line_id: string | null;
  reason: string | null;
  added_by: string | null;
}

export interface BilledChargesTable {
  tenant_id: string;
  order_line_id: string;
  charge_key: string;
  document_id: string;
  document_line_id: string;
}

export interface PaymentsTable {
  tenant_id: string;
  id: Generated<string>;
  organisation_id: string;
  received_on: string;
  amount_pence: number;
  method: PaymentMethod;
  reference: Generated<string>;
  external_id: string | null;
  recorded_by: string | null;
  recorded_at: InstantDefault;
}

export interface PaymentAllocationsTable {
  tenant_id: string;
  id: Generated<string>;
  payment_id: string;
  document_id: string;
  amount_pence: number;
  allocated_by: string | null;
  allocated_at: InstantDefault;
}

export interface CreditRefundsTable {
  tenant_id: string;
  id: Generated<string>;
  organisation_id: string;
  refunded_on: string;
  amount_pence: number;
  reference: Generated<string>;
  recorded_by: string | null;
  recorded_at: InstantDefault;
}

export interface StripeSettingsTable {
  tenant_id: string;
  publishable_key: string;
  secret_key_encrypted: string;
  webhook_secret_encrypted: string;
  updated_by: string | null;
  updated_at: InstantDefault;
}

export interface StripeInvoicesTable {
  tenant_id: string;
  document_id: string;
  stripe_customer_id: string;
  stripe_invoice_id: string;
  hosted_invoice_url: string | null;
  stripe_status: string;
  updated_at: InstantDefault;
}

export interface StripeCustomersTable {
  tenant_id: string;
  organisation_id: string;
  stripe_customer_id: string;
  created_at: InstantDefault;
}

export interface StripeEventsTable {
  tenant_id: string;
  event_id: string;
  event_type: string;
  received_at: InstantDefault;
}

/** Every table. Finance's later tables are typed in db/tables/, one file per migration. */
export interface Database
  extends BankStatementTables,
    LedgerExportTables,
    NetSettlementTables,
    DebtReminderTables,
    ServiceBudgetTables,
    SchoolPerformanceTables,
    SupportCategoryTables,
    ImprovementBudgetTables,
    ProgressReviewTables,
    BrokeredSupportTables,
    ImprovementVisitTables,
    CatalogueOfferTables {
  platform_admins: PlatformAdminsTable;
  billing_runs: BillingRunsTable;
  billing_documents: BillingDocumentsTable;
  billing_document_lines: BillingDocumentLinesTable;
  billed_charges: BilledChargesTable;
  payments: PaymentsTable;
  payment_allocations: PaymentAllocationsTable;
  credit_refunds: CreditRefundsTable;
  stripe_settings: StripeSettingsTable;
  stripe_invoices: StripeInvoicesTable;
  stripe_events: StripeEventsTable;
  stripe_customers: StripeCustomersTable;
  school_imports: SchoolImportsTable;
  installation_flags: InstallationFlagsTable;
  schools: SchoolsTable;
  organisations: OrganisationsTable;
  tenants: TenantsTable;
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_attempts: SignInAttemptsTable;
  sign_in_throttles: SignInThrottlesTable;
  organisation_memberships: OrganisationMembershipsTable;
  tenant_memberships: TenantMembershipsTable;
  invitations: InvitationsTable;
  customer_accounts: CustomerAccountsTable;
  audit_events: AuditEventsTable;
  term_dates: TermDatesTable;
  year_kind_defaults: YearKindDefaultsTable;
  services: ServicesTable;
  charge_schedules: ChargeSchedulesTable;
  schedule_prices: SchedulePricesTable;
  buyer_settings: BuyerSettingsTable;
  basket_items: BasketItemsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  deliveries: DeliveriesTable;
  feedback: FeedbackTable;
  contact_officers: ContactOfficersTable;
  agreements: AgreementsTable;
  agreement_prices: AgreementPricesTable;
  renewal_windows: RenewalWindowsTable;
  renewal_responses: RenewalResponsesTable;
  order_variations: OrderVariationsTable;
}

export type School = Selectable<SchoolsTable>;
export type NewSchool = Insertable<SchoolsTable>;
export type Tenant = Selectable<TenantsTable>;
export type User = Selectable<UsersTable>;
export type Organisation = Selectable<OrganisationsTable>;
export type CustomerAccount = Selectable<CustomerAccountsTable>;
export type Service = Selectable<ServicesTable>;
export type ChargeSchedule = Selectable<ChargeSchedulesTable>;
