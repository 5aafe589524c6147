import type { TitleHandle } from '../components/document-title';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { requireUser } from '../auth/guards.server';
import { buyerRoleNames, providerRoleNames } from '../auth/permissions';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import { ErrorSummary } from '../components/ErrorSummary';
import { Radios } from '../components/Radios';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';
import { listContexts, switchContext } from '../tenancy/switch-context.server';

export const handle: TitleHandle = { title: 'Choose an organisation' };

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireUser(request);
  const { provider, buyer } = await listContexts(session.userId);
  return {
    active: session.activeContext,
    options: [
      ...provider.map((p) => ({
        value: `tenant:${p.tenantId}`,
        label: p.name,
        hint: `Provider: ${providerRoleNames[p.role]}`,
      })),
      ...buyer.map((b) => ({
        value: `org:${b.organisationId}`,
        label: b.name,
        hint: `Buying: ${buyerRoleNames[b.role]}`,
      })),
    ],
  };
}

const switchForm = z.object({
  context: z.string({ error: 'Select an organisation' }).min(1, 'Select an organisation'),
});

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUser(request);
  const form = await readForm(request);
  const parsed = parseForm(switchForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  try {
    return redirect(await switchContext(session, parsed.data.context));
  } catch (error) {
    if (isDomainError(error))
      return data({ errors: [{ field: error.field, message: error.message }] }, { status: 400 });
    throw error;
  }
}

export default function Organisations() {
  const { options, active } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  if (options.length === 0)
    return (
      <>
        <h1 className="govuk-heading-l">You do not belong to an organisation yet</h1>
        <p className="govuk-body">Ask your organisation's Traded administrator to invite you.</p>
      </>
    );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <form method="post" noValidate>
          <CsrfInput token={csrf} />
          <Radios
            name="context"
            legend="Which organisation are you working for?"
            isPageHeading
            items={options}
            defaultValue={active ?? undefined}
            error={fieldError(errors, 'context')}
          />
          <Button>Continue</Button>
        </form>
      </div>
    </div>
  );
}
