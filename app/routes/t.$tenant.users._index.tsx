import type { TitleHandle } from '../components/document-title';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { listCouncilBuyingSide, listPendingInvitations, listTenantUsers } from '../../db/queries/tenancy';
import { withTenant } from '../../db/scope.server';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { buyerRoleNames, PROVIDER_ROLES, providerRoleNames } from '../auth/permissions';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { Table } from '../components/Table';
import { TextInput } from '../components/TextInput';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { publicBaseUrl } from '../mail/mailer.server';
import { useCsrfToken } from '../root';
import { inviteBuyingSideMember } from '../tenancy/invite-buying-side-member.server';
import { inviteMember } from '../tenancy/invite-member.server';
import { formatDay } from '../calendar/format-instant';

export const handle: TitleHandle = { title: 'Users and roles' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'users.manage');
  const { users, buyingSide, invitations } = await withTenant(ctx, async (tx) => ({
    users: await listTenantUsers(tx, ctx.tenantId),
    buyingSide: await listCouncilBuyingSide(tx),
    invitations: await listPendingInvitations(tx, ctx.tenantId),
  }));
  return {
    slug: ctx.tenant.slug,
    /** Only a council has a buying side of its own to invite people to from here. */
    council: ctx.tenant.kind === 'council',
    users,
    buyingSide,
    invitations: invitations.map((i) => ({ ...i, expires_at: i.expires_at.toISOString() })),
  };
}

const email = z
  .string()
  .trim()
  .min(1, 'Enter an email address')
  .pipe(z.email('Enter an email address in the correct format, like name@example.com'));

const inviteForm = z.object({ email, role: z.enum(PROVIDER_ROLES, { error: 'Select a role' }) });

const BUYING_SIDE_ROLES = ['council_commissioner', 'approver'] as const;
const buyingSideForm = z.object({
  buyerEmail: email,
  buyerRole: z.enum(BUYING_SIDE_ROLES, { error: 'Select what they will do for the council' }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'users.manage');
  const form = await readForm(request);
  if (form.get('intent') === 'buying') {
    if (ctx.tenant.kind !== 'council') throw notFound();
    const parsed = parseForm(buyingSideForm, form);
    if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
    const { email } = await inviteBuyingSideMember(
      ctx,
      { email: parsed.data.buyerEmail, buyerRole: parsed.data.buyerRole },
      publicBaseUrl(request),
    );
    return redirect(`/t/${ctx.tenant.slug}/users?invited=${encodeURIComponent(email)}`);
  }
  const parsed = parseForm(inviteForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const { email } = await inviteMember(ctx, parsed.data, publicBaseUrl(request));
    return redirect(`/t/${ctx.tenant.slug}/users?invited=${encodeURIComponent(email)}`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.data },
        { status: error.status },
      );
    throw error;
  }
}

export default function Users() {
  const { slug, council, users, buyingSide, invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values = result?.values as Partial<Record<'email' | 'role' | 'buyerEmail' | 'buyerRole', string>> | undefined;
  const invited = params.get('invited');
  const changed = params.get('changed');
  return (
    <>
      <ErrorSummary errors={errors} />
      {invited ? (
        <NotificationBanner type="success" heading={`Invitation sent to ${invited}`}>
          <p className="govuk-body">The link in the email works once and expires in 7 days.</p>
        </NotificationBanner>
      ) : null}
      {changed ? <NotificationBanner type="success" heading={changed} /> : null}
      <h1 className="govuk-heading-l">Users and roles</h1>
      <Table
        caption="People who can use this provider's account"
        captionClassName="govuk-table__caption--m"
        head={['Name', 'Email address', 'Role', 'Action']}
        firstCellIsHeader
        rows={users.map((u) => [
          u.name,
          u.email,
          providerRoleNames[u.role],
          <a key="a" className="govuk-link" href={`/t/${slug}/users/${u.id}`}>
            Change<span className="govuk-visually-hidden"> role for {u.name}</span>
          </a>,
        ])}
      />
      {invitations.length > 0 ? (
        <Table
          caption="Invitations waiting to be accepted"
          captionClassName="govuk-table__caption--m"
          head={['Email address', 'Role', 'Expires']}
          rows={invitations.map((i) => [
            i.email,
            i.role ? providerRoleNames[i.role] : `${buyerRoleNames[i.buyer_role!]} (buying for the council)`,
            formatDay(i.expires_at),
          ])}
        />
      ) : null}
      {council && buyingSide.length > 0 ? (
        <Table
          caption="People who buy for the council"
          captionClassName="govuk-table__caption--m"
          head={['Name', 'Email address', 'Role', 'Action']}
          firstCellIsHeader
          rows={buyingSide.map((b) => [
            b.name,
            b.email,
            buyerRoleNames[b.role],
            <a key="a" className="govuk-link" href={`/t/${slug}/users/buying-side/${b.user_id}`}>
              Remove<span className="govuk-visually-hidden"> {b.name} from buying for the council</span>
            </a>,
          ])}
        />
      ) : null}
      <h2 className="govuk-heading-m">Invite someone</h2>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <TextInput
          name="email"
          label="Email address"
          type="email"
          autoComplete="off"
          spellCheck={false}
          defaultValue={values?.email}
          error={fieldError(errors, 'email')}
        />
        <Radios
          name="role"
          legend="Role"
          items={PROVIDER_ROLES.map((r) => ({ value: r, label: providerRoleNames[r] }))}
          defaultValue={values?.role}
          error={fieldError(errors, 'role')}
        />
        <Button>Send invitation</Button>
      </form>
      {council ? (
        <>
          <h2 className="govuk-heading-m">Invite someone to buy for the council</h2>
          <p className="govuk-body">
            They will buy services for the council itself, from other providers: a commissioner orders under the
            council's agreements, an approver approves orders over the council's threshold.
          </p>
          <form method="post" noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="intent" value="buying" />
            <TextInput
              name="buyerEmail"
              label="Their email address"
              type="email"
              autoComplete="off"
              spellCheck={false}
              defaultValue={values?.buyerEmail}
              error={fieldError(errors, 'buyerEmail')}
            />
            <Radios
              name="buyerRole"
              legend="What they will do for the council"
              items={BUYING_SIDE_ROLES.map((r) => ({ value: r, label: buyerRoleNames[r] }))}
              defaultValue={values?.buyerRole}
              error={fieldError(errors, 'buyerRole')}
            />
            <Button>Invite to buy for the council</Button>
          </form>
        </>
      ) : null}
    </>
  );
}
