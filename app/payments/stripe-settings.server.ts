import { z } from 'zod';
import { insertAuditEvent } from '../../db/queries/audit';
import {
  deleteStripeSettings,
  findStripeSettings,
  forgetStripeCustomers,
  upsertStripeSettings,
} from '../../db/queries/stripe';
import type { Scoped } from '../../db/scope.server';
import { withTenant } from '../../db/scope.server';
import type { TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import { encryptionKeyProblem, EncryptionKeyProblem, open, seal } from './secret-box.server';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

/** The keys as Stripe's dashboard gives them; a secret left blank keeps the one saved. */
export const stripeSettingsForm = z.object({
  publishableKey: z.preprocess(
    trimmed,
    z
      .string({ error: 'Enter the publishable key' })
      .min(1, 'Enter the publishable key')
      .max(200, 'The publishable key must be 200 characters or fewer')
      .regex(/^pk_(test|live)_[A-Za-z0-9]+$/, 'Enter a publishable key that starts pk_test_ or pk_live_'),
  ),
  secretKey: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(300, 'The secret key must be 300 characters or fewer')
      .regex(
        /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/,
        'Enter a secret key that starts sk_test_ or sk_live_ (or a restricted key, rk_test_ or rk_live_)',
      )
      .optional(),
  ),
  webhookSecret: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(300, 'The webhook signing secret must be 300 characters or fewer')
      .regex(/^whsec_[A-Za-z0-9+/=]+$/, 'Enter a webhook signing secret that starts whsec_')
      .optional(),
  ),
});
export type StripeSettingsInput = z.output<typeof stripeSettingsForm>;

// Each sealed secret is bound to its tenant and field, so it opens nowhere else.
const secretContext = (tenantId: string) => `stripe_settings:${tenantId}:secret_key`;
const webhookContext = (tenantId: string) => `stripe_settings:${tenantId}:webhook_secret`;

const modeOf = (key: string) => (key.includes('_live_') ? 'live' : 'test');

function openOrNull(sealed: string, context: string): string | null {
  try {
    return open(sealed, context);
  } catch (error) {
    if (error instanceof EncryptionKeyProblem) return null;
    throw error;
  }
}

/** What the settings page shows: whether Stripe is on, and of the secrets only their last four characters. */
export async function loadStripeSettings(ctx: TenantContext) {
  const saved = await withTenant(ctx, (tx) => findStripeSettings(tx, ctx.tenantId));
  const keyProblem = encryptionKeyProblem();
  if (!saved) return { enabled: false as const, keyProblem };
  const secretKeyEnding = openOrNull(saved.secret_key_encrypted, secretContext(ctx.tenantId))?.slice(-4) ?? null;
  return {
    enabled: true as const,
    keyProblem,
    publishableKey: saved.publishable_key,
    mode: modeOf(saved.publishable_key),
    secretKeyEnding,
    updatedAt: saved.updated_at.toISOString(),
  };
}

/**
 * Saves the keys, sealed. The first time all three are needed; after that a blank secret keeps the
 * saved one. The publishable and secret keys must be from the same mode (test or live). A new
 * secret key may be another Stripe account, so the customers made in the old one are forgotten.
 */
export async function saveStripeSettings(ctx: TenantContext, input: StripeSettingsInput): Promise<void> {
  const keyProblem = encryptionKeyProblem();
  if (keyProblem) throw new DomainError('stripe.encryption_key', keyProblem, 'secretKey', 503);
  await withTenant(ctx, async (tx) => {
    const existing = await findStripeSettings(tx, ctx.tenantId);
    if (!existing && !input.secretKey) throw new DomainError('stripe.secret_key', 'Enter the secret key', 'secretKey');
    if (!existing && !input.webhookSecret)
      throw new DomainError('stripe.webhook_secret', 'Enter the webhook signing secret', 'webhookSecret');
    const savedSecret = existing ? openOrNull(existing.secret_key_encrypted, secretContext(ctx.tenantId)) : null;
    if (existing && !input.secretKey && savedSecret === null)
      throw new DomainError(
        'stripe.secret_unreadable',
        'The saved secret key can no longer be read (the server’s encryption key changed). Enter the secret key again',
        'secretKey',
      );
    if (
      existing &&
      !input.webhookSecret &&
      openOrNull(existing.webhook_secret_encrypted, webhookContext(ctx.tenantId)) === null
    )
      throw new DomainError(
        'stripe.webhook_unreadable',
        'The saved webhook signing secret can no longer be read (the server’s encryption key changed). Enter it again',
        'webhookSecret',
      );
    const secretKey = input.secretKey ?? savedSecret!;
    if (modeOf(secretKey) !== modeOf(input.publishableKey))
      throw new DomainError(
        'stripe.mode',
        'The publishable key and the secret key must both be test keys or both be live keys',
        input.secretKey ? 'secretKey' : 'publishableKey',
      );
    const secretReplaced = Boolean(existing && input.secretKey && input.secretKey !== savedSecret);
    await upsertStripeSettings(tx, ctx.tenantId, {
      publishableKey: input.publishableKey,
      secretKeyEncrypted: input.secretKey
        ? seal(input.secretKey, secretContext(ctx.tenantId))
        : existing!.secret_key_encrypted,
      webhookSecretEncrypted: input.webhookSecret
        ? seal(input.webhookSecret, webhookContext(ctx.tenantId))
        : existing!.webhook_secret_encrypted,
      updatedBy: ctx.userId,
    });
    if (secretReplaced) await forgetStripeCustomers(tx, ctx.tenantId);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: existing ? 'stripe_settings.changed' : 'stripe_settings.turned_on',
      subjectType: 'tenant',
      subjectId: ctx.tenantId,
      detail: {
        mode: modeOf(input.publishableKey),
        publishableKey: input.publishableKey,
        secretKeyReplaced: secretReplaced,
        webhookSecretReplaced: Boolean(existing && input.webhookSecret),
      },
    });
  });
}

/** Turns Stripe off: nothing more is published, and webhooks are no longer accepted. */
export async function removeStripeSettings(ctx: TenantContext): Promise<void> {
  await withTenant(ctx, async (tx) => {
    if (!(await deleteStripeSettings(tx, ctx.tenantId))) return;
    await forgetStripeCustomers(tx, ctx.tenantId);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'stripe_settings.removed',
      subjectType: 'tenant',
      subjectId: ctx.tenantId,
    });
  });
}

export interface TenantStripeKeys {
  secretKey: string;
  webhookSecret: string;
}

/** The tenant's keys, opened, for the publish and the webhook; null when the tenant does not use Stripe. */
export async function findTenantStripeKeys(tx: Scoped, tenantId: string): Promise<TenantStripeKeys | null> {
  const saved = await findStripeSettings(tx, tenantId);
  if (!saved) return null;
  return {
    secretKey: open(saved.secret_key_encrypted, secretContext(tenantId)),
    webhookSecret: open(saved.webhook_secret_encrypted, webhookContext(tenantId)),
  };
}
