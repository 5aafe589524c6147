import type { TitleHandle } from '../components/document-title';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { getCurrentSession } from '../auth/guards.server';
import { readSessionToken } from '../auth/session.server';
import { signInRedirect } from '../auth/sign-in-response.server';
import { signIn } from '../auth/sign-in.server';
import { signInProviderButtons } from '../auth/sign-in-provider-buttons.server';
import { Button, ButtonLink } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/TextInput';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { safeReturnTo } from '../forms/safe-return';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Sign in' };

const signInForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .pipe(z.email('Enter an email address in the correct format, like name@example.com')),
  password: z.string().min(1, 'Enter your password'),
  returnTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getCurrentSession(request);
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get('returnTo'));
  if (session) throw redirect(returnTo ?? '/organisations');
  return { providers: await signInProviderButtons(returnTo) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(signInForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, email: parsed.values.email ?? '' }, { status: 400 });
  try {
    const outcome = await signIn({
      email: parsed.data.email,
      password: parsed.data.password,
      address: context?.clientAddress ?? 'unknown',
      previousToken: readSessionToken(request),
    });
    return signInRedirect(request, outcome, parsed.data.returnTo);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], email: parsed.data.email },
        { status: error.status },
      );
    throw error;
  }
}

export default function SignIn() {
  const { providers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const [params] = useSearchParams();
  const errors = result?.errors ?? [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Sign in</h1>
        <p className="govuk-body">Sign in with the email address your organisation uses for Traded.</p>
        <form method="post" noValidate>
          <CsrfInput token={csrf} />
          <input type="hidden" name="returnTo" value={params.get('returnTo') ?? ''} />
          <TextInput
            name="email"
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            defaultValue={result?.email}
            error={fieldError(errors, 'email')}
          />
          <TextInput
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            error={fieldError(errors, 'password')}
          />
          <Button>Sign in</Button>
        </form>
        {providers.length > 0 ? (
          <>
            <h2 className="govuk-heading-m">Sign in with your organisation’s account</h2>
            <p className="govuk-body">
              If your organisation has set this up, you can use the account you sign in to work with.
            </p>
            {providers.map((provider) => (
              <p className="govuk-body" key={provider.href}>
                <ButtonLink href={provider.href} variant="secondary">
                  {provider.label}
                </ButtonLink>
              </p>
            ))}
          </>
        ) : null}
      </div>
    </div>
  );
}
