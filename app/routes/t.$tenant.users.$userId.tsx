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
import { Button, ButtonLink } from '../components/Button';
import { ConfirmPage } from '../components/ConfirmPage';
import { CsrfInput } from '../components/CsrfInput';
import { ErrorSummary } from '../components/ErrorSummary';
import { Radios } from '../components/Radios';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';
import { changeMemberRole } from '../tenancy/change-member-role.server';
import { removeMember } from '../tenancy/remove-member.server';

export const handle: TitleHandle<typeof loader> = {
  title: (data) => (data?.confirmingRemoval ? `Remove ${data.member.name}?` : (data?.member.name ?? 'User')),
};

const uuid = z.uuid();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'users.manage');
  if (!uuid.safeParse(params.userId).success) throw notFound();
  const member = await withTenant(ctx, (tx) => findTenantUser(tx, ctx.tenantId, params.userId!));
  if (!member) throw notFound();
  return {
    slug: ctx.tenant.slug,
    tenantName: ctx.tenant.name,
    member,
    isSelf: member.id === ctx.userId,
    // "Remove" leads to a question first (`?confirm=remove`); only its POST acts.
    confirmingRemoval: new URL(request.url).searchParams.get('confirm') === 'remove',
  };
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
  const { slug, tenantName, member, isSelf, confirmingRemoval } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const base = `/t/${slug}/users/${member.id}`;
  if (confirmingRemoval || fieldError(errors, 'remove'))
    return (
      <ConfirmPage
        caption={member.email}
        question={`Are you sure you want to remove ${member.name}?`}
        csrf={csrf}
        action={`${base}?confirm=remove`}
        fields={<input type="hidden" name="intent" value="remove" />}
        buttonLabel={`Yes, remove ${member.name}`}
        buttonVariant="warning"
        cancelHref={base}
        errors={errors.map((e) => ({ message: e.message }))}
      >
        <p className="govuk-body">
          {isSelf ? 'You' : member.name} will no longer be able to see or do anything for {tenantName}, straight away.
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>Their Traded account stays, with any other organisations they work for.</li>
          <li>What they did here stays in the audit log, under their name.</li>
          <li>To give them access again, invite them again.</li>
        </ul>
      </ConfirmPage>
    );
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
      <ButtonLink href={`${base}?confirm=remove`} variant="warning">
        Remove {member.name}
      </ButtonLink>
    </>
  );
}
