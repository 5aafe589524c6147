import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { columnMappingOf, setColumnMapping } from '../cash/set-column-mapping.server';
import { mappingForm } from '../cash/statement-forms';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { Radios } from '../components/Radios';
import { TextInput } from '../components/TextInput';
import { fieldError, parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Column mapping for bank statements' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  return { slug: ctx.tenant.slug, mapping: await columnMappingOf(ctx) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const parsed = parseForm(mappingForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  await setColumnMapping(ctx, parsed.data);
  return redirect(`/t/${ctx.tenant.slug}/finance/bank-statements?mapping=saved`);
}

export default function ColumnMapping() {
  const { slug, mapping } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const saved: Record<string, string> = mapping
    ? {
        dateColumn: mapping.dateColumn,
        amountStyle: mapping.amountColumn ? 'signed' : 'split',
        amountColumn: mapping.amountColumn ?? '',
        creditColumn: mapping.creditColumn ?? '',
        debitColumn: mapping.debitColumn ?? '',
        referenceColumn: mapping.referenceColumn,
        nameColumn: mapping.nameColumn ?? '',
      }
    : {};
  const values: Record<string, string> = result?.values ?? saved;
  const column = (name: string, label: string, hint?: string) => (
    <TextInput name={name} label={label} hint={hint} defaultValue={values[name]} error={fieldError(errors, name)} />
  );
  return (
    <>
      <BackLink href={`/t/${slug}/finance/bank-statements`}>Back to bank statements</BackLink>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Column mapping for bank statements</h1>
      <p className="govuk-body">
        If your bank is not one of the presets, enter the headings of the columns in its CSV file, exactly as the first
        line of the file has them. They are kept for every later import with “Column mapping you set”. Dates may be
        written 31/12/2026, 31/12/26 or 2026-12-31.
      </p>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        {column('dateColumn', 'Date column heading', 'For example, Date')}
        <Radios
          name="amountStyle"
          legend="How does the statement show amounts?"
          items={[
            { value: 'signed', label: 'One amount column, money out shown as negative' },
            { value: 'split', label: 'Separate credit (money in) and debit (money out) columns' },
          ]}
          defaultValue={values.amountStyle}
          error={fieldError(errors, 'amountStyle')}
        />
        {column('amountColumn', 'Amount column heading', 'If there is one amount column, for example Amount')}
        {column('creditColumn', 'Credit column heading', 'If money in has its own column, for example Paid in')}
        {column('debitColumn', 'Debit column heading', 'If money out has its own column, for example Paid out')}
        {column('referenceColumn', 'Reference column heading', 'The column with the payer’s reference')}
        {column('nameColumn', 'Payer’s name column heading (optional)')}
        <Button>Save column mapping</Button>
      </form>
    </>
  );
}
