import type { Migration } from 'kysely';
import * as foundation from './20261122_0001_foundation';
import * as catalogue from './20261122_0002_catalogue';
import * as commissioning from './20261122_0003_commissioning';
import * as agreements from './20261122_0004_agreements';
import * as renewals from './20261122_0005_renewals';
import * as variations from './20261122_0006_variations';
import * as cancellationTerms from './20261122_0007_cancellation_terms';
import * as providerSettings from './20261122_0008_provider_settings';
import * as linePosition from './20261202_0009_line_position';
import * as calendar from './20261202_0010_calendar';
import * as customerAccounts from './20261202_0011_customer_accounts';
import * as authority from './20261202_0012_authority';
import * as platformAdmin from './20261202_0013_platform_admin';
import * as signInLimits from './20261202_0014_sign_in_limits';
import * as identityDoors from './20261202_0015_identity_doors';
import * as twoFactor from './20261202_0016_two_factor';
import * as singleSignOn from './20261202_0017_single_sign_on';
import * as schoolImportProgress from './20261202_0018_school_import_progress';
import * as schoolLinks from './20261202_0019_school_links';
import * as billing from './20261202_0020_billing';
import * as billingRuns from './20261202_0021_billing_runs';
import * as billingDocuments from './20261202_0022_billing_documents';
import * as paymentsAndCredit from './20261202_0023_payments';
import * as stripe from './20261202_0024_stripe';
import * as buyingSideInvitations from './20261202_0025_buying_side_invitations';
import * as bankStatements from './20261203_0026_bank_statements';
import * as ledgerExport from './20261203_0027_ledger_export';
import * as netSettlement from './20261203_0028_net_settlement';
import * as debtReminders from './20261203_0029_debt_reminders';
import * as serviceBudgets from './20261203_0030_service_budgets';
import * as catalogueOffers from './20261203_0031_catalogue_offers';
import * as schoolPerformance from './20261203_0032_school_performance';
import * as providerKinds from './20261203_0033_provider_kinds';
import * as supportCategories from './20261203_0034_support_categories';
import * as improvementVisits from './20261203_0035_improvement_visits';
import * as brokeredSupport from './20261203_0036_brokered_support';
import * as progressReviews from './20261203_0037_progress_reviews';
import * as improvementBudgets from './20261203_0038_improvement_budgets';
import * as billingLinesInsertCheck from './20261203_0039_billing_lines_insert_check';
import * as brokerageSchoolContacts from './20261203_0040_brokerage_school_contacts';
import * as readsByIndex from './20261203_0041_reads_by_index';
import * as billingRunWrites from './20261204_0042_billing_run_writes';
import * as deliveriesToConfirm from './20261204_0043_deliveries_to_confirm';
import * as policiesReadContextOnce from './20261204_0044_policies_read_context_once';
import * as billingReferencesPerStatement from './20261204_0045_billing_references_per_statement';
import * as hotFunctionsKeepPlans from './20261204_0046_hot_functions_keep_plans';
import * as sessionPersonInOneCall from './20261205_0047_session_person_in_one_call';
import * as schoolImportProgressShared from './20261205_0048_school_import_progress_shared';
import * as servicesSearchText from './20261206_0049_services_search_text';

/** Every migration, in order. A static list so the same code runs under tsx and in the Vite build. */
export const migrations: Record<string, Migration> = {
  '20261122_0001_foundation': foundation,
  '20261122_0002_catalogue': catalogue,
  '20261122_0003_commissioning': commissioning,
  '20261122_0004_agreements': agreements,
  '20261122_0005_renewals': renewals,
  '20261122_0006_variations': variations,
  '20261122_0007_cancellation_terms': cancellationTerms,
  '20261122_0008_provider_settings': providerSettings,
  '20261202_0009_line_position': linePosition,
  '20261202_0010_calendar': calendar,
  '20261202_0011_customer_accounts': customerAccounts,
  '20261202_0012_authority': authority,
  '20261202_0013_platform_admin': platformAdmin,
  '20261202_0014_sign_in_limits': signInLimits,
  '20261202_0015_identity_doors': identityDoors,
  '20261202_0016_two_factor': twoFactor,
  '20261202_0017_single_sign_on': singleSignOn,
  '20261202_0018_school_import_progress': schoolImportProgress,
  '20261202_0019_school_links': schoolLinks,
  '20261202_0020_billing': billing,
  '20261202_0021_billing_runs': billingRuns,
  '20261202_0022_billing_documents': billingDocuments,
  '20261202_0023_payments': paymentsAndCredit,
  '20261202_0024_stripe': stripe,
  '20261202_0025_buying_side_invitations': buyingSideInvitations,
  '20261203_0026_bank_statements': bankStatements,
  '20261203_0027_ledger_export': ledgerExport,
  '20261203_0028_net_settlement': netSettlement,
  '20261203_0029_debt_reminders': debtReminders,
  '20261203_0030_service_budgets': serviceBudgets,
  '20261203_0031_catalogue_offers': catalogueOffers,
  '20261203_0032_school_performance': schoolPerformance,
  '20261203_0033_provider_kinds': providerKinds,
  '20261203_0034_support_categories': supportCategories,
  '20261203_0035_improvement_visits': improvementVisits,
  '20261203_0036_brokered_support': brokeredSupport,
  '20261203_0037_progress_reviews': progressReviews,
  '20261203_0038_improvement_budgets': improvementBudgets,
  '20261203_0039_billing_lines_insert_check': billingLinesInsertCheck,
  '20261203_0040_brokerage_school_contacts': brokerageSchoolContacts,
  '20261203_0041_reads_by_index': readsByIndex,
  '20261204_0042_billing_run_writes': billingRunWrites,
  '20261204_0043_deliveries_to_confirm': deliveriesToConfirm,
  '20261204_0044_policies_read_context_once': policiesReadContextOnce,
  '20261204_0045_billing_references_per_statement': billingReferencesPerStatement,
  '20261204_0046_hot_functions_keep_plans': hotFunctionsKeepPlans,
  '20261205_0047_session_person_in_one_call': sessionPersonInOneCall,
  '20261205_0048_school_import_progress_shared': schoolImportProgressShared,
  '20261206_0049_services_search_text': servicesSearchText,
};
