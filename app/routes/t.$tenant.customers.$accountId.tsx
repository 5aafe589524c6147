import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { SummaryList } from '../components/SummaryList';
import { AccountFields, yearKindNames } from '../customers/AccountFields';
import { accountForm, accountFormValues } from '../customers/account-form';
import { updateCustomerAccount } from '../customers/update-customer-account.server';
import { viewCustomerAccount } from '../customers/view-customer-account.server';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';
import { customerClassNames } from '../tenancy/customer-class';
import { SETTLEMENT_METHOD_NAMES } from '../vocabulary';

export const handle: TitleHandle<typeof loader> = { title: (d) => d?.account.name ?? 'Customer account' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'customers.view');
  if (!isUuid(params.accountId)) throw notFound();
  return {
    slug: ctx.tenant.slug,
    account: await viewCustomerAccount(ctx, params.accountId),
    canManage: providerCan(ctx.role, 'customers.manage'),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'customers.manage');
  if (!isUuid(params.accountId)) throw notFound();
  const parsed = parseForm(accountForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await updateCustomerAccount(ctx, params.accountId, parsed.data);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
  return redirect(`/t/${ctx.tenant.slug}/customers/${params.accountId}?saved=1`);
}

export default function CustomerAccount() {
  const { slug, account, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const f = account.fields;
  const errors = result?.errors ?? [];
  return (
    <>
      <BackLink href={`/t/${slug}/customers`}>Back to customer accounts</BackLink>
      <ErrorSummary errors={errors} />
      {params.get('saved') && !result ? <NotificationBanner type="success" heading="Account saved" /> : null}
      {params.get('opened') && !result ? <NotificationBanner type="success" heading="Account opened" /> : null}
      <span className="govuk-caption-l">Customer account</span>
      <h1 className="govuk-heading-l">{account.name}</h1>
      <p className="govuk-body">
        <a className="govuk-link" href={`/t/${slug}/customers/${account.id}/statement`}>
          Statement of account<span className="govuk-visually-hidden"> of {account.name}</span>
        </a>
      </p>
      <SummaryList
        rows={[
          ...(account.urn ? [{ key: 'URN', value: String(account.urn) }] : []),
          ...(account.trustName ? [{ key: 'Trust', value: account.trustName }] : []),
          { key: 'Customer class', value: customerClassNames[f.customerClass] },
          { key: 'Settles by', value: SETTLEMENT_METHOD_NAMES[f.settlementMethod] },
          { key: 'Contract year', value: yearKindNames[f.yearKind] },
          { key: 'Account code', value: f.accountCode ?? 'None' },
          { key: 'Purchase order number', value: f.poRequired ? 'Required on every order' : 'Not required' },
          ...(account.inTrust
            ? [{ key: 'Invoice the trust', value: f.invoiceTrust ? 'Yes, instead of the school' : 'No' }]
            : []),
          {
            key: 'Billing contact',
            value:
              f.billingContactName || f.billingContactEmail
                ? [f.billingContactName, f.billingContactEmail].filter(Boolean).join(', ')
                : 'None',
          },
          {
            key: 'Billing address',
            value: f.billingAddressLine1 ? (
              <>
                {[f.billingAddressLine1, f.billingAddressLine2, f.billingTown].filter(Boolean).map((line) => (
                  <span key={line}>
                    {line}
                    <br />
                  </span>
                ))}
                {f.billingPostcode}
              </>
            ) : (
              'None yet'
            ),
          },
        ]}
      />
      <p className="govuk-body-s">
        Changes apply to new orders. Orders already placed keep the terms they were placed on.
      </p>
      {canManage ? (
        <form method="post" noValidate>
          <CsrfInput token={csrf} />
          <h2 className="govuk-heading-l">Change the account</h2>
          <AccountFields
            values={result?.values ?? accountFormValues(f)}
            errors={errors}
            inTrust={account.inTrust}
            trustName={account.trustName}
          />
          <Button>Save account</Button>
        </form>
      ) : null}
    </>
  );
}
