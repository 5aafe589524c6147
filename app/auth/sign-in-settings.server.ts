import { data, redirect } from '@remix-run/node';
import type { SignInProviderKind } from '../../db/queries/single-sign-on';
import { isDomainError } from '../errors';
import { parseForm } from '../forms/parse-form';
import {
  configureSignInProvider,
  findSignInProvider,
  type SignInProviderOwner,
} from './configure-sign-in-provider.server';
import { readForm } from './csrf.server';
import { redirectUri } from './external-sign-in-browser.server';
import { signInProviderForm } from './sign-in-provider-form';

/** The settings page's form as saved (never the secret: only whether one is saved). */
export async function loadSignInSettings(owner: SignInProviderOwner, kind: SignInProviderKind) {
  const saved = await findSignInProvider(owner, kind);
  return {
    redirectUri: redirectUri(),
    secretSaved: Boolean(saved),
    values: { issuerUrl: saved?.issuer_url ?? '', clientId: saved?.client_id ?? '', enabled: saved?.enabled ?? true },
  };
}

/**
 * The settings form posted: saved and back to `page` with a banner, or the form again with what to
 * fix (the tenant admin's Microsoft Entra ID and the platform's DfE Sign-in alike).
 */
export async function saveSignInSettings(
  request: Request,
  owner: SignInProviderOwner,
  kind: SignInProviderKind,
  page: string,
) {
  const parsed = parseForm(signInProviderForm, await readForm(request));
  const posted = (values: Record<string, string>) => ({
    issuerUrl: values.issuerUrl ?? '',
    clientId: values.clientId ?? '',
    enabled: values.enabled === 'yes',
  });
  if (!parsed.ok) return data({ errors: parsed.errors, values: posted(parsed.values) }, { status: 400 });
  try {
    await configureSignInProvider(owner, kind, parsed.data);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: posted(parsed.values) },
        { status: error.status },
      );
    throw error;
  }
  return redirect(`${page}?saved=1`);
}
