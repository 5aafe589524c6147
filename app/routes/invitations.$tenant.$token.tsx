import type { TitleHandle } from '../components/document-title';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { notFound } from '../auth/guards.server';
import { buyerRoleNames, providerRoleNames } from '../auth/permissions';
import { readSessionToken } from '../auth/session.server';
import { signInRedirect } from '../auth/sign-in-response.server';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/TextInput';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';
import { acceptInvitation, findInvitation } from '../tenancy/accept-invitation.server';

export const handle: TitleHandle = { title: 'Accept your invitation' };

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findInvitation(params.tenant ?? '', params.token ?? '');
  if (!found) throw notFound();
  return {
    tenantName: found.tenant.name,
    email: found.invitation.email,
    role: found.invitation.role,
    buyerRole: found.invitation.buyer_role,
    existingUser: found.existingUser,
  };
}

const acceptForm = z.object({
  name: z.string().trim().max(200).optional(),
  password: z.string().min(1, 'Enter a password'),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = parseForm(acceptForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, name: parsed.values.name ?? '' }, { status: 400 });
  try {
    const outcome = await acceptInvitation(params.tenant ?? '', params.token ?? '', {
      ...parsed.data,
      address: context?.clientAddress ?? 'unknown',
      previousToken: readSessionToken(request),
    });
    return signInRedirect(request, outcome);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], name: parsed.data.name ?? '' },
        { status: error.status },
      );
    throw error;
  }
}

export default function AcceptInvitation() {
  const { tenantName, email, role, buyerRole, existingUser } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Join {tenantName}</h1>
        <p className="govuk-body">
          {role
            ? `You have been invited as ${providerRoleNames[role].toLowerCase()} with the email address ${email}.`
            : `You have been invited to buy services for the council as ${buyerRoleNames[buyerRole!].toLowerCase()} with the email address ${email}.`}
        </p>
        <form method="post" noValidate>
          <CsrfInput token={csrf} />
          {existingUser ? (
            <TextInput
              name="password"
              label="Your Traded password"
              type="password"
              autoComplete="current-password"
              error={fieldError(errors, 'password')}
            />
          ) : (
            <>
              <TextInput
                name="name"
                label="Full name"
                autoComplete="name"
                spellCheck={false}
                defaultValue={result?.name}
                error={fieldError(errors, 'name')}
              />
              <TextInput
                name="password"
                label="Create a password"
                hint="At least 8 characters. A few unrelated words make a strong password."
                type="password"
                autoComplete="new-password"
                error={fieldError(errors, 'password')}
              />
            </>
          )}
          <Button>Accept invitation</Button>
        </form>
      </div>
    </div>
  );
}
