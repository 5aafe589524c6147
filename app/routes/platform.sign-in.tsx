import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { requirePlatformAdmin } from '../auth/guards.server';
import { loadSignInSettings, saveSignInSettings } from '../auth/sign-in-settings.server';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { SignInProviderForm } from '../components/SignInProviderForm';
import { useCsrfToken } from '../root';
import { SIGN_IN_PROVIDERS } from '../vocabulary';

export const handle: TitleHandle = { title: 'DfE Sign-in' };

const KIND = 'dfe_sign_in';

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requirePlatformAdmin(request);
  return loadSignInSettings({ kind: 'platform', userId: session.userId }, KIND);
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requirePlatformAdmin(request);
  return saveSignInSettings(request, { kind: 'platform', userId: session.userId }, KIND, '/platform/sign-in');
}

export default function PlatformSignIn() {
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
      <span className="govuk-caption-l">Platform administration</span>
      <h1 className="govuk-heading-l">DfE Sign-in</h1>
      <p className="govuk-body">
        People in schools, trusts and councils that buy through Traded can sign in with their {product} account. The
        first time, their verified email address must match their Traded account; after that their {product} account is
        linked to it. Only members of a buyer organisation can sign in this way.
      </p>
      <SignInProviderForm
        csrf={csrf}
        product={product}
        who="people in schools, trusts and councils"
        issuerHint="For example https://oidc.signin.education.gov.uk"
        clientIdLabel="Client ID"
        redirectUri={loaded.redirectUri}
        secretSaved={loaded.secretSaved}
        values={result?.values ?? loaded.values}
        errors={errors}
      />
      <p className="govuk-body">
        <a className="govuk-link" href="/platform/schools">
          Import schools
        </a>
      </p>
    </>
  );
}
