import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { requireTenantMember } from '../auth/guards.server';
import { loadSignInSettings, saveSignInSettings } from '../auth/sign-in-settings.server';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { SignInProviderForm } from '../components/SignInProviderForm';
import { useCsrfToken } from '../root';
import { SIGN_IN_PROVIDERS } from '../vocabulary';

export const handle: TitleHandle = { title: 'Single sign-on' };

const KIND = 'entra_id';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'users.manage');
  return { tenantName: ctx.tenant.name, ...(await loadSignInSettings({ kind: 'tenant', ctx }, KIND)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'users.manage');
  return saveSignInSettings(request, { kind: 'tenant', ctx }, KIND, `/t/${ctx.tenant.slug}/sign-in-settings`);
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
