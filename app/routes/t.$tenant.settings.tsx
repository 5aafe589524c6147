import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useParams, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { findTwoFactorRequirement } from '../../db/queries/two-factor';
import { withTenant } from '../../db/scope.server';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { SummaryList } from '../components/SummaryList';
import { TextInput } from '../components/TextInput';
import { fieldError, parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';
import { saveProviderSettings } from '../tenancy/save-provider-settings.server';
import { setTwoFactorRequirement } from '../tenancy/set-two-factor-requirement.server';

export const handle: TitleHandle = { title: 'Settings' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'users.manage');
  return {
    values: {
      autoConfirmDays: String(ctx.tenant.auto_confirm_days),
      paymentTermsDays: String(ctx.tenant.payment_terms_days),
      contactEmail: ctx.tenant.contact_email,
      vatNumber: ctx.tenant.vat_number ?? '',
      bankName: ctx.tenant.bank_name ?? '',
      bankSortCode: ctx.tenant.bank_sort_code ?? '',
      bankAccountNumber: ctx.tenant.bank_account_number ?? '',
    },
    details: {
      laCode: ctx.tenant.la_code,
      address: ctx.tenant.address,
      postcode: ctx.tenant.postcode,
      invoicePrefix: ctx.tenant.invoice_prefix,
      vatNumberIsDemo: ctx.tenant.vat_number_is_demo,
    },
    requireTwoFactor: (await withTenant(ctx, (tx) => findTwoFactorRequirement(tx, ctx.tenantId))) ? 'yes' : 'no',
  };
}

const wholeDays = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);

/** Blank clears the field; a field not posted at all is left as it is. */
const optionalText = (pattern: RegExp, message: string, normalise: (text: string) => string = (t) => t) =>
  z
    .string()
    .optional()
    .transform((text) => (text === undefined ? undefined : normalise(text.trim())))
    .refine((text) => !text || pattern.test(text), message)
    .transform((text) => (text === undefined ? undefined : text || null));

const settingsForm = z
  .object({
    autoConfirmDays: wholeDays(1, 90, 'Enter a number of days from 1 to 90'),
    paymentTermsDays: wholeDays(0, 365, 'Enter a number of days from 0 to 365'),
    contactEmail: z
      .string()
      .trim()
      .min(1, 'Enter an email address')
      .pipe(z.email('Enter an email address in the correct format, like name@example.com')),
    vatNumber: optionalText(/^GB(\d{9}|\d{12})$/, 'Enter a VAT registration number like GB123456789', (t) =>
      t.replace(/\s+/g, '').toUpperCase(),
    ),
    bankName: optionalText(/^.{1,100}$/, 'The bank name must be 100 characters or fewer'),
    bankSortCode: optionalText(/^\d{2}-\d{2}-\d{2}$/, 'Enter a sort code like 30-00-00', (t) => {
      const digits = t.replace(/[\s-]/g, '');
      return /^\d{6}$/.test(digits) ? `${digits.slice(0, 2)}-${digits.slice(2, 4)}-${digits.slice(4)}` : t;
    }),
    bankAccountNumber: optionalText(/^\d{8}$/, 'Enter an account number of 8 digits', (t) => t.replace(/\s+/g, '')),
  })
  .superRefine((s, c) => {
    const bank = {
      bankName: 'the bank name',
      bankSortCode: 'the sort code',
      bankAccountNumber: 'the account number',
    } as const;
    const given = (Object.keys(bank) as Array<keyof typeof bank>).filter((k) => s[k]);
    // A detail given but malformed already has its own message; say what is missing once it is right.
    if (given.length === 0 || given.length === 3 || c.issues.length > 0) return;
    for (const k of Object.keys(bank) as Array<keyof typeof bank>)
      if (!s[k] && s[k] !== undefined)
        c.addIssue({ code: 'custom', path: [k], message: `Enter ${bank[k]}, or leave all the bank details blank` });
  });

const twoFactorForm = z.object({
  requireTwoFactor: z.enum(['yes', 'no'], {
    error: 'Select whether admins and finance officers must use two-factor sign-in',
  }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'users.manage');
  const form = await readForm(request);
  if (form.get('intent') === 'two-factor') {
    const choice = parseForm(twoFactorForm, form);
    if (!choice.ok) return data({ errors: choice.errors, values: undefined }, { status: 400 });
    await setTwoFactorRequirement(ctx, choice.data.requireTwoFactor === 'yes');
    return redirect(`/t/${ctx.tenant.slug}/settings?saved=1`);
  }
  const parsed = parseForm(settingsForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  await saveProviderSettings(ctx, parsed.data);
  return redirect(`/t/${ctx.tenant.slug}/settings?saved=1`);
}

export default function Settings() {
  const { values, details, requireTwoFactor } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { tenant } = useParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const v = result?.values ?? values;
  return (
    <>
      <ErrorSummary errors={errors} />
      {params.get('saved') ? <NotificationBanner type="success" heading="Settings saved" /> : null}
      <h1 className="govuk-heading-l">Settings</h1>
      <h2 className="govuk-heading-m">Council details</h2>
      <SummaryList
        rows={[
          { key: 'Local authority code', value: details.laCode },
          {
            key: 'Address',
            value: (
              <>
                {details.address.split('\n').map((line) => (
                  <span key={line}>
                    {line}
                    <br />
                  </span>
                ))}
                {details.postcode}
              </>
            ),
          },
          { key: 'Invoice prefix', value: details.invoicePrefix },
        ]}
      />
      {details.vatNumberIsDemo ? (
        <p className="govuk-body">The VAT number below is a demo number, not a real registration.</p>
      ) : null}
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <TextInput
          name="autoConfirmDays"
          label="Days a school has to confirm or dispute a delivery record"
          hint="After this, records nobody challenged count as confirmed"
          width="4"
          inputMode="numeric"
          defaultValue={v.autoConfirmDays}
          error={fieldError(errors, 'autoConfirmDays')}
        />
        <TextInput
          name="paymentTermsDays"
          label="Payment terms, in days"
          width="4"
          inputMode="numeric"
          defaultValue={v.paymentTermsDays}
          error={fieldError(errors, 'paymentTermsDays')}
        />
        <TextInput
          name="contactEmail"
          label="Email for orders and disputes"
          hint="New orders, changes and disputes from schools go here"
          type="email"
          spellCheck={false}
          defaultValue={v.contactEmail}
          error={fieldError(errors, 'contactEmail')}
        />
        <h2 className="govuk-heading-m">VAT and bank details</h2>
        <p className="govuk-body">Printed on every invoice: where to pay, and your VAT registration.</p>
        <TextInput
          name="vatNumber"
          label="VAT registration number"
          hint="Needed before VAT invoices can be finalised, like GB123456789"
          width="10"
          spellCheck={false}
          defaultValue={v.vatNumber}
          error={fieldError(errors, 'vatNumber')}
        />
        <TextInput name="bankName" label="Bank name" defaultValue={v.bankName} error={fieldError(errors, 'bankName')} />
        <TextInput
          name="bankSortCode"
          label="Sort code"
          hint="Must be 6 digits long"
          width="5"
          inputMode="numeric"
          spellCheck={false}
          defaultValue={v.bankSortCode}
          error={fieldError(errors, 'bankSortCode')}
        />
        <TextInput
          name="bankAccountNumber"
          label="Account number"
          hint="Must be 8 digits long"
          width="10"
          inputMode="numeric"
          spellCheck={false}
          defaultValue={v.bankAccountNumber}
          error={fieldError(errors, 'bankAccountNumber')}
        />
        <Button>Save settings</Button>
      </form>
      <h2 className="govuk-heading-m">Two-factor sign-in</h2>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <input type="hidden" name="intent" value="two-factor" />
        <Radios
          name="requireTwoFactor"
          legend="Must admins and finance officers use two-factor sign-in?"
          hint="They enter a code from an authenticator app as well as their password. Anyone without it set up is asked to set it up when they next sign in."
          items={[
            { value: 'yes', label: 'Yes, require it' },
            { value: 'no', label: 'No, let each person choose' },
          ]}
          defaultValue={requireTwoFactor}
          error={fieldError(errors, 'requireTwoFactor')}
        />
        <Button>Save two-factor setting</Button>
      </form>
      <h2 className="govuk-heading-m">Single sign-on</h2>
      <p className="govuk-body">
        <a className="govuk-link" href={`/t/${tenant}/sign-in-settings`}>
          Let staff sign in with their Microsoft work account
        </a>
      </p>
      <h2 className="govuk-heading-m">Online payment</h2>
      <p className="govuk-body">
        <a className="govuk-link" href={`/t/${tenant}/payment-settings`}>
          Take card and Direct Debit payments through Stripe
        </a>
      </p>
    </>
  );
}
