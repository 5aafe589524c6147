import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { agreementForm } from '../agreements/agreement-form';
import { createAgreement } from '../agreements/create-agreement.server';
import { partnerCouncils } from '../agreements/list-partner-councils.server';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { Radios } from '../components/Radios';
import { Select } from '../components/Select';
import { Textarea } from '../components/Textarea';
import { TextInput } from '../components/TextInput';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Start an agreement' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'orders.manage');
  return {
    slug: ctx.tenant.slug,
    councils: await partnerCouncils(ctx),
    me: { name: ctx.session.name, email: ctx.tenant.contact_email },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'orders.manage');
  const parsed = parseForm(agreementForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const id = await createAgreement(ctx, parsed.data);
    return redirect(`/t/${ctx.tenant.slug}/agreements/${id}?created=1`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function NewAgreement() {
  const { slug, councils, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const v: Record<string, string> = result?.values ?? {
    providerContactName: me.name,
    providerContactEmail: me.email,
    yearKind: 'academic',
    years: '3',
  };
  const e = (f: string) => fieldError(errors, f);
  return (
    <>
      <BackLink href={`/t/${slug}/agreements`}>Back to agreements</BackLink>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Start an agreement</h1>
      {councils.length === 0 ? (
        <p className="govuk-body">No council is a partner-council customer yet.</p>
      ) : (
        <form method="post" noValidate>
          <CsrfInput token={csrf} />
          <Select
            name="commissionerOrganisationId"
            label="Council that commissions"
            items={councils.map((c) => ({ value: c.id, label: c.name }))}
            defaultValue={v.commissionerOrganisationId}
            error={e('commissionerOrganisationId')}
          />
          <TextInput name="title" label="Title" defaultValue={v.title} error={e('title')} />
          <Radios
            name="yearKind"
            legend="Contract years"
            inline
            items={[
              { value: 'academic', label: 'Academic (September to August)' },
              { value: 'financial', label: 'Financial (April to March)' },
            ]}
            defaultValue={v.yearKind}
            error={e('yearKind')}
          />
          <TextInput
            name="firstYear"
            label="Year the first contract year starts"
            hint="For 2026/27, enter 2026"
            width="4"
            inputMode="numeric"
            defaultValue={v.firstYear}
            error={e('firstYear')}
          />
          <Select
            name="years"
            label="How many contract years"
            items={['1', '2', '3', '4', '5'].map((n) => ({ value: n, label: n === '1' ? '1 year' : `${n} years` }))}
            defaultValue={v.years}
            error={e('years')}
          />
          <TextInput
            name="providerContactName"
            label="Your contact's name"
            defaultValue={v.providerContactName}
            error={e('providerContactName')}
          />
          <TextInput
            name="providerContactEmail"
            label="Your contact's email"
            type="email"
            spellCheck={false}
            defaultValue={v.providerContactEmail}
            error={e('providerContactEmail')}
          />
          <TextInput
            name="commissionerContactName"
            label="The council's contact's name"
            defaultValue={v.commissionerContactName}
            error={e('commissionerContactName')}
          />
          <TextInput
            name="commissionerContactEmail"
            label="The council's contact's email"
            type="email"
            spellCheck={false}
            defaultValue={v.commissionerContactEmail}
            error={e('commissionerContactEmail')}
          />
          <Textarea name="notes" label="Notes (optional)" defaultValue={v.notes} error={e('notes')} />
          <p className="govuk-body">
            The agreed charges start as your published partner-council prices and stay fixed for the agreement.
          </p>
          <Button>Start agreement</Button>
        </form>
      )}
    </>
  );
}
