import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { configureSignInProvider, findSignInProvider } from '../auth/configure-sign-in-provider.server';
import { readForm } from '../auth/csrf.server';
import { redirectUri } from '../auth/external-sign-in-browser.server';
import { requireTenantMember } from '../auth/guards.server';
import { signInProviderForm } from '../auth/sign-in-provider-form';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { SignInProviderForm } from '../components/SignInProviderForm';
import { isDomainError } from '../errors';
import { parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';
import { SIGN_IN_PROVIDERS } from '../vocabulary';

export const handle: TitleHandle = { title: 'Single sign-on' };

const KIND = 'entra_id';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'users.manage');
  const saved = await findSignInProvider({ kind: 'tenant', ctx }, KIND);
  return {
    tenantName: ctx.tenant.name,
    redirectUri: redirectUri(),
    secretSaved: Boolean(saved),
    values: { issuerUrl: saved?.issuer_url ?? '', clientId: saved?.client_id ?? '', enabled: saved?.enabled ?? true },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'users.manage');
  const parsed = parseForm(signInProviderForm, await readForm(request));
  const posted = (values: Record<string, string>) => ({
    issuerUrl: values.issuerUrl ?? '',
    clientId: values.clientId ?? '',
    enabled: values.enabled === 'yes',
  });
  if (!parsed.ok) return data({ errors: parsed.errors, values: posted(parsed.values) }, { status: 400 });
  try {
    await configureSignInProvider({ kind: 'tenant', ctx }, KIND, parsed.data);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: posted(parsed.values) },
        { status: error.status },
      );
    throw error;
  }
  return redirect(`/t/${ctx.tenant.slug}/sign-in-settings?saved=1`);
}

export default function TenantSignInSettings() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const product = SIGN_IN_PROVIDERS[KIND].product;
  return (
    <>
      <ErrorSummary errors={errors} />
      {params.get('saved') && errors.length === 0 ? (
        <NotificationBanner type="success" heading="Single sign-on settings saved" />
      ) : null}
      <h1 className="govuk-heading-l">Single sign-on</h1>
      <p className="govuk-body">
        Staff of {loaded.tenantName} can sign in with their {product} (Microsoft work) account. The first time, their
        verified work email address must match their Traded account; after that their Microsoft account is linked to it.
        Only people who are members of {loaded.tenantName} can sign in this way.
      </p>
      <SignInProviderForm
        csrf={csrf}
        product={product}
        who="staff"
        issuerHint="For example https://login.microsoftonline.com/<directory (tenant) ID>/v2.0"
        clientIdLabel="Application (client) ID"
        redirectUri={loaded.redirectUri}
        secretSaved={loaded.secretSaved}
        values={result?.values ?? loaded.values}
        errors={errors}
      />
    </>
  );
}
