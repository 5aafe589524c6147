import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requirePlatformAdmin } from '../auth/guards.server';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { Radios } from '../components/Radios';
import { Textarea } from '../components/Textarea';
import { TextInput } from '../components/TextInput';
import { fieldError, parseForm } from '../forms/parse-form';
import { publicBaseUrl } from '../mail/mailer.server';
import { createProvider, ProviderRefused } from '../platform/create-provider.server';
import { PROVIDER_KINDS, providerForm } from '../platform/provider-form';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Add a provider' };

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requirePlatformAdmin(request);
  const parsed = parseForm(providerForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const created = await createProvider(
      { userId: session.userId, name: session.name, email: session.email },
      parsed.data,
      publicBaseUrl(request),
    );
    return redirect(`/platform/providers?added=${encodeURIComponent(created.slug)}`);
  } catch (error) {
    if (error instanceof ProviderRefused) return data({ errors: error.errors, values: parsed.values }, { status: 400 });
    throw error;
  }
}

export default function AddProvider() {
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const field = (name: string) => ({ name, defaultValue: values[name], error: fieldError(errors, name) });
  return (
    <>
      <BackLink href="/platform/providers">Back to providers</BackLink>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">Platform administration</span>
      <h1 className="govuk-heading-l">Add a provider</h1>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <Radios
          {...field('kind')}
          legend="What kind of provider is this?"
          items={Object.entries(PROVIDER_KINDS).map(([value, k]) => ({ value, label: k.label, hint: k.hint }))}
        />
        <TextInput
          {...field('name')}
          label="Provider name"
          hint="As schools will see it, like Springhill Teaching School"
        />
        <TextInput
          {...field('slug')}
          label="Web address name"
          hint="Lower-case letters, numbers and hyphens; the provider's pages are at /t/ and this name"
          spellCheck={false}
          width="20"
        />
        <h2 className="govuk-heading-m">The organisation</h2>
        <TextInput
          {...field('urn')}
          label="School URN (teaching schools only)"
          hint="The school's unique reference number in the schools list (Get Information about Schools), like 137293"
          inputMode="numeric"
          width="10"
        />
        <TextInput {...field('trustName')} label="Trust name (academy trusts only)" />
        <TextInput
          {...field('companiesHouseNumber')}
          label="Companies House number (academy trusts only)"
          hint="8 characters, like 07654321"
          width="10"
          spellCheck={false}
        />
        <TextInput
          {...field('laCode')}
          label="Local authority code of the area served"
          hint="3 digits, like 852 for Southampton. A council's own code; for a teaching school, leave blank to use its school's area"
          inputMode="numeric"
          width="4"
        />
        <Textarea
          {...field('address')}
          label="Address"
          hint="One line for each part. For a teaching school, leave blank to use the school's address"
          rows={3}
        />
        <TextInput {...field('postcode')} label="Postcode" width="10" autoComplete="postal-code" />
        <h2 className="govuk-heading-m">Invoices and references</h2>
        <TextInput {...field('contactEmail')} label="Contact email address" type="email" spellCheck={false} />
        <TextInput
          {...field('invoicePrefix')}
          label="Invoice number prefix"
          hint="2 to 5 capital letters and a hyphen, like STS-, different from every other provider's"
          width="5"
          spellCheck={false}
        />
        <TextInput
          {...field('referencePrefix')}
          label="Order and agreement reference prefix"
          hint="2 to 6 capital letters, like STS, different from every other provider's"
          width="5"
          spellCheck={false}
        />
        <TextInput
          {...field('vatNumber')}
          label="VAT registration number (optional)"
          hint="GB and 9 digits; leave blank if the provider is not registered for VAT"
          width="10"
          spellCheck={false}
        />
        <h2 className="govuk-heading-m">First admin</h2>
        <TextInput
          {...field('adminEmail')}
          label="First admin's email address"
          hint="They are sent an invitation to set up their account and sign in as the provider's admin"
          type="email"
          spellCheck={false}
        />
        <Button>Add provider and send invitation</Button>
      </form>
    </>
  );
}
