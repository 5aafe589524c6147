import type { TitleHandle } from '../components/document-title';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { buyerRoleNames } from '../auth/permissions';
import { ConfirmPage } from '../components/ConfirmPage';
import { isUuid } from '../forms/ids';
import { useCsrfToken } from '../root';
import { findBuyingSideMember, removeBuyingSideMember } from '../tenancy/remove-buying-side-member.server';

export const handle: TitleHandle<typeof loader> = {
  title: (data) => (data ? `Remove ${data.member.name}?` : 'Remove'),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'users.manage');
  if (!isUuid(params.userId)) throw notFound();
  const member = await findBuyingSideMember(ctx, params.userId);
  return { slug: ctx.tenant.slug, member: { ...member, roleName: buyerRoleNames[member.role] } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'users.manage');
  if (!isUuid(params.userId)) throw notFound();
  await readForm(request);
  await removeBuyingSideMember(ctx, params.userId);
  return redirect(`/t/${ctx.tenant.slug}/users?changed=${encodeURIComponent('Removed from buying for the council')}`);
}

export default function RemoveBuyingSideMember() {
  const { slug, member } = useLoaderData<typeof loader>();
  const csrf = useCsrfToken();
  return (
    <ConfirmPage
      caption={member.email}
      question={`Are you sure you want to remove ${member.name}?`}
      csrf={csrf}
      buttonLabel={`Yes, remove ${member.name}`}
      buttonVariant="warning"
      cancelHref={`/t/${slug}/users`}
    >
      <p className="govuk-body">
        {member.name} will no longer buy for the council as {member.roleName.toLowerCase()}, straight away.
      </p>
      <ul className="govuk-list govuk-list--bullet">
        <li>Orders they placed or approved stay as they are.</li>
        <li>Their Traded account stays, with any other organisations they work for.</li>
        <li>To give them this role again, invite them again.</li>
      </ul>
    </ConfirmPage>
  );
}
