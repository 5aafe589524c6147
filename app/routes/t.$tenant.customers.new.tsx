import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { Table } from '../components/Table';
import { TextInput } from '../components/TextInput';
import { AccountFields } from '../customers/AccountFields';
import { accountForm, accountFormValues } from '../customers/account-form';
import { createCustomerAccount } from '../customers/create-customer-account.server';
import { findOrganisations } from '../customers/find-organisations.server';
import { newAccountDefaults } from '../customers/new-account-defaults.server';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';
import { searchText } from '../forms/invisible';

export const handle: TitleHandle = { title: 'Open a customer account' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'customers.manage');
  const url = new URL(request.url);
  const search = searchText(url.searchParams.get('q'));
  const organisationId = url.searchParams.get('organisation');
  const chosen = isUuid(organisationId ?? undefined) ? await newAccountDefaults(ctx, organisationId!) : null;
  return {
    slug: ctx.tenant.slug,
    search,
    searchError:
      url.searchParams.has('q') && search.length < 2 ? 'Enter at least 2 characters of a name, or a URN' : null,
    results: chosen ? [] : await findOrganisations(ctx, search),
    chosen,
  };
}

const createForm = accountForm.extend({ organisationId: z.uuid({ error: 'Find the organisation first' }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'customers.manage');
  const parsed = parseForm(createForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { organisationId, ...fields } = parsed.data;
  try {
    const id = await createCustomerAccount(ctx, organisationId, fields);
    return redirect(`/t/${ctx.tenant.slug}/customers/${id}?opened=1`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function NewCustomerAccount() {
  const { slug, search, searchError, results, chosen } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const base = `/t/${slug}/customers`;
  if (chosen) {
    const errors = result?.errors ?? [];
    return (
      <>
        <BackLink href={`${base}/new`}>Find another organisation</BackLink>
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">Open a customer account</span>
        <h1 className="govuk-heading-l">{chosen.organisation.name}</h1>
        {chosen.existingAccountId ? (
          <p className="govuk-body">
            {chosen.organisation.name} already has an account.{' '}
            <a className="govuk-link" href={`${base}/${chosen.existingAccountId}`}>
              View its account
            </a>
          </p>
        ) : (
          <form method="post" noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="organisationId" value={chosen.organisation.id} />
            <p className="govuk-body">
              {chosen.organisation.kind === 'school'
                ? 'The class and address come from the school’s record in Get Information about Schools: change them if they are not right.'
                : 'Check the class and enter the billing address.'}
            </p>
            <AccountFields
              values={result?.values ?? accountFormValues(chosen.fields)}
              errors={errors}
              inTrust={chosen.organisation.inTrust}
              trustName={chosen.organisation.trustName}
            />
            <Button>Open account</Button>
          </form>
        )}
      </>
    );
  }
  return (
    <>
      <BackLink href={base}>Back to customer accounts</BackLink>
      <ErrorSummary errors={searchError ? [{ field: 'q', message: searchError }] : []} />
      <h1 className="govuk-heading-l">Open a customer account</h1>
      <form method="get" action={`${base}/new`} role="search" aria-label="Organisations">
        <TextInput
          name="q"
          label="School, trust or council"
          hint="A school's name or URN, or the name of a trust or council"
          width="two-thirds"
          spellCheck={false}
          defaultValue={search}
          error={searchError ?? undefined}
        />
        <Button variant="secondary">Find</Button>
      </form>
      {search.length >= 2 ? (
        results.length ? (
          <Table
            caption={`Organisations matching “${search}”`}
            captionClassName="govuk-table__caption--m"
            head={['Organisation', 'Kind', 'URN', 'Where', 'Account']}
            firstCellIsHeader
            rows={results.map((r) => [
              r.name,
              r.kind,
              r.urn ? String(r.urn) : '–',
              r.place || '–',
              r.accountId ? (
                <a key="v" className="govuk-link" href={`${base}/${r.accountId}`}>
                  View account<span className="govuk-visually-hidden"> of {r.name}</span>
                </a>
              ) : (
                <a key="o" className="govuk-link" href={`${base}/new?organisation=${r.id}`}>
                  Open account<span className="govuk-visually-hidden"> for {r.name}</span>
                </a>
              ),
            ])}
          />
        ) : (
          <p className="govuk-body">No open school, trust or council matches “{search}”.</p>
        )
      ) : null}
    </>
  );
}
