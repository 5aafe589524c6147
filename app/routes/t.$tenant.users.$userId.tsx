import type { TitleHandle } from '../components/document-title';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { findTenantUser } from '../../db/queries/tenancy';
import { withTenant } from '../../db/scope.server';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { PROVIDER_ROLES, providerRoleNames } from '../auth/permissions';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import { ErrorSummary } from '../components/ErrorSummary';
import { Radios } from '../components/Radios';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';
import { changeMemberRole } from '../tenancy/change-member-role.server';
import { removeMember } from '../tenancy/remove-member.server';

export const handle: TitleHandle<typeof loader> = { title: (data) => data?.member.name ?? 'User' };

const uuid = z.uuid();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'users.manage');
  if (!uuid.safeParse(params.userId).success) throw notFound();
  const member = await withTenant(ctx, (tx) => findTenantUser(tx, ctx.tenantId, params.userId!));
  if (!member) throw notFound();
  return { slug: ctx.tenant.slug, member, isSelf: member.id === ctx.userId };
}

const memberForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('role'), role: z.enum(PROVIDER_ROLES, { error: 'Select a role' }) }),
  z.object({ intent: z.literal('remove') }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'users.manage');
  if (!uuid.safeParse(params.userId).success) throw notFound();
  const userId = params.userId!;
  const parsed = parseForm(memberForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  try {
    if (parsed.data.intent === 'role') {
      await changeMemberRole(ctx, userId, parsed.data.role);
      return redirect(`/t/${ctx.tenant.slug}/users?changed=${encodeURIComponent('Role changed')}`);
    }
    await removeMember(ctx, userId);
    return redirect(`/t/${ctx.tenant.slug}/users?changed=${encodeURIComponent('User removed')}`);
  } catch (error) {
    if (isDomainError(error))
      return data({ errors: [{ field: error.field, message: error.message }] }, { status: error.status });
    throw error;
  }
}

export default function Member() {
  const { slug, member } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  return (
    <>
      <BackLink href={`/t/${slug}/users`}>Back to users and roles</BackLink>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">{member.email}</span>
      <h1 className="govuk-heading-l">{member.name}</h1>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <input type="hidden" name="intent" value="role" />
        <Radios
          name="role"
          legend="Role"
          items={PROVIDER_ROLES.map((r) => ({ value: r, label: providerRoleNames[r] }))}
          defaultValue={member.role}
          error={fieldError(errors, 'role')}
        />
        <Button>Save role</Button>
      </form>
      <h2 className="govuk-heading-m">Remove from this provider</h2>
      <p className="govuk-body">
        {member.name} will no longer be able to see or do anything here. Their past actions stay in the audit log.
      </p>
      <form method="post">
        <CsrfInput token={csrf} />
        <input type="hidden" name="intent" value="remove" />
        {fieldError(errors, 'remove') ? (
          <p className="govuk-error-message" id="remove">
            {fieldError(errors, 'remove')}
          </p>
        ) : null}
        <Button variant="warning">Remove {member.name}</Button>
      </form>
    </>
  );
}
