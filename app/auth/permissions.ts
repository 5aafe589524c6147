import type { BuyerRole, ProviderRole } from '../../db/schema';

/** What each role may do. The one place permissions are decided. */
export const providerPermissions = {
  admin: [
    'tenant.view',
    'orders.view',
    'users.manage',
    'audit.view',
    'customers.view',
    'customers.manage',
    'catalogue.view',
    'catalogue.manage',
    'orders.manage',
    'delivery.log',
    'feedback.view',
    'finance.manage',
    'improvement.view',
    'improvement.manage',
  ],
  service_manager: [
    'tenant.view',
    'orders.view',
    'customers.view',
    'catalogue.view',
    'catalogue.manage',
    'orders.manage',
    'delivery.log',
    'feedback.view',
    'improvement.view',
    'improvement.manage',
  ],
  practitioner: ['tenant.view', 'catalogue.view', 'delivery.log', 'improvement.view'],
  finance: [
    'tenant.view',
    'customers.view',
    'customers.manage',
    'catalogue.view',
    'orders.view',
    'finance.manage',
    'audit.view',
  ],
} as const satisfies Record<ProviderRole, readonly string[]>;

export type ProviderPermission = (typeof providerPermissions)[ProviderRole][number];

export const buyerPermissions = {
  business_manager: ['buy.view', 'buy.order', 'buy.confirm'],
  approver: ['buy.view', 'buy.order', 'buy.confirm', 'buy.approve', 'buy.settings'],
  trust_finance: ['buy.view', 'buy.order', 'buy.confirm', 'buy.approve', 'buy.settings', 'buy.trust'],
  council_commissioner: ['buy.view', 'buy.order', 'buy.confirm', 'buy.approve', 'buy.settings', 'buy.commission'],
} as const satisfies Record<BuyerRole, readonly string[]>;

export type BuyerPermission = (typeof buyerPermissions)[BuyerRole][number];

export function providerCan(role: ProviderRole, permission: ProviderPermission): boolean {
  return (providerPermissions[role] as readonly string[]).includes(permission);
}

export function buyerCan(role: BuyerRole, permission: BuyerPermission): boolean {
  return (buyerPermissions[role] as readonly string[]).includes(permission);
}

export const providerRoleNames: Record<ProviderRole, string> = {
  admin: 'Tenant admin',
  service_manager: 'Service manager',
  practitioner: 'Practitioner',
  finance: 'Finance officer',
};

export const buyerRoleNames: Record<BuyerRole, string> = {
  business_manager: 'School business manager',
  approver: 'Approver (headteacher or authorised signatory)',
  trust_finance: 'Trust finance lead',
  council_commissioner: 'Council commissioner',
};

export const PROVIDER_ROLES = Object.keys(providerRoleNames) as ProviderRole[];
