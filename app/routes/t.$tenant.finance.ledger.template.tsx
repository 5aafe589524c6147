import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { Select } from '../components/Select';
import { Table } from '../components/Table';
import { Textarea } from '../components/Textarea';
import { TextInput } from '../components/TextInput';
import { fieldError, parseForm } from '../forms/parse-form';
import {
  columnsText,
  LEDGER_DATE_FORMATS,
  LEDGER_DELIMITERS,
  LEDGER_PRESETS,
  LEDGER_SOURCES,
} from '../ledger/ledger-template';
import { loadLedgerTemplate, saveLedgerTemplateFor } from '../ledger/ledger-templates.server';
import { PRESET_TEMPLATES } from '../ledger/presets';
import { presetForm, readLedgerColumns, templateForm, templateOf } from '../ledger/template-form';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Ledger template' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const { template, saved } = await loadLedgerTemplate(ctx);
  return {
    slug: ctx.tenant.slug,
    saved,
    values: {
      preset: template.preset,
      delimiter: template.delimiter,
      dateFormat: template.dateFormat,
      headerRow: template.headerRow ? 'yes' : 'no',
      columns: columnsText(template.columns),
      manualCostCentre: template.manualCostCentre ?? '',
      manualSubjectiveCode: template.manualSubjectiveCode ?? '',
    } as Record<string, string>,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const form = await readForm(request);
  const back = `/t/${ctx.tenant.slug}/finance/ledger/template`;
  if (form.get('intent') === 'preset') {
    const parsed = parseForm(presetForm, form);
    if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
    // A preset replaces the columns and formats; the codes for hand-added lines are the council's own.
    const { template } = await loadLedgerTemplate(ctx);
    await saveLedgerTemplateFor(ctx, {
      ...PRESET_TEMPLATES[parsed.data.preset],
      manualCostCentre: template.manualCostCentre,
      manualSubjectiveCode: template.manualSubjectiveCode,
    });
    return redirect(`${back}?preset=1`);
  }
  const parsed = parseForm(templateForm, form);
  const columns = readLedgerColumns(parsed.values.columns ?? '');
  const errors: FieldError[] = [
    ...(parsed.ok ? [] : parsed.errors.filter((e) => e.field !== 'columns' || columns.ok)),
    ...(columns.ok ? [] : columns.errors),
  ];
  if (!parsed.ok || !columns.ok) return data({ errors, values: parsed.values }, { status: 400 });
  await saveLedgerTemplateFor(ctx, templateOf(parsed.data, columns.columns));
  return redirect(`${back}?saved=1`);
}

const options = <T extends string>(o: Record<T, string>) =>
  (Object.entries(o) as [T, string][]).map(([value, label]) => ({ value, label }));

export default function LedgerTemplatePage() {
  const { slug, saved, values: savedValues } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = { ...savedValues, ...(result?.values ?? {}) };
  const columnErrors = errors.filter((e) => e.field === 'columns');
  return (
    <>
      <BackLink href={`/t/${slug}/finance/ledger`}>Back to ledger export</BackLink>
      <ErrorSummary errors={errors} />
      {params.get('saved') && !result ? <NotificationBanner type="success" heading="Ledger template saved" /> : null}
      {params.get('preset') && !result ? (
        <NotificationBanner
          type="success"
          heading={`Template set to ${LEDGER_PRESETS[savedValues.preset as keyof typeof LEDGER_PRESETS]}`}
        />
      ) : null}
      <h1 className="govuk-heading-l">Ledger template</h1>
      <p className="govuk-body">
        The columns of the files your ledger loads. Start from the preset for your council’s ledger, then change the
        columns, their order, headers and fixed values to match its load script. Batches already exported keep the file
        they were exported with.
      </p>
      {!saved ? (
        <p className="govuk-body">You have not saved a template yet: files use the plain journal CSV preset.</p>
      ) : null}

      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <input type="hidden" name="intent" value="preset" />
        <Radios
          name="preset"
          legend="Start from a preset"
          hint="This replaces the columns, separator and date format below"
          items={options(LEDGER_PRESETS)}
          defaultValue={values.preset}
          error={fieldError(errors, 'preset')}
        />
        <Button variant="secondary">Use this preset</Button>
      </form>

      <h2 className="govuk-heading-m">Columns and format</h2>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="preset" value={values.preset} />
        <Select
          name="delimiter"
          label="Columns separated by"
          items={options(Object.fromEntries(Object.entries(LEDGER_DELIMITERS).map(([k, v]) => [k, v.label])))}
          defaultValue={values.delimiter}
          error={fieldError(errors, 'delimiter')}
        />
        <Select
          name="dateFormat"
          label="Date format"
          items={(Object.keys(LEDGER_DATE_FORMATS) as (keyof typeof LEDGER_DATE_FORMATS)[]).map((f) => ({
            value: f,
            label: `${f} (${LEDGER_DATE_FORMATS[f]})`,
          }))}
          defaultValue={values.dateFormat}
          error={fieldError(errors, 'dateFormat')}
        />
        <Radios
          name="headerRow"
          legend="Does the file start with a row of column headers?"
          inline
          items={[
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ]}
          defaultValue={values.headerRow}
          error={fieldError(errors, 'headerRow')}
        />
        <Textarea
          name="columns"
          label="Columns"
          hint={
            'One column a line, in the order of the file: its header, =, then where its value comes from (a source ' +
            'from the table below) or a fixed value in quotation marks. For example: dim_1 = cost_centre, or ' +
            'client = "SC". Each header once.'
          }
          rows={20}
          spellCheck={false}
          defaultValue={values.columns}
          error={columnErrors.length ? columnErrors.map((e) => e.message).join('. ') : undefined}
        />
        <TextInput
          name="manualCostCentre"
          label="Cost centre for lines added by hand"
          hint="Lines added to a document by hand have no service; they go to the ledger with these codes"
          width="10"
          spellCheck={false}
          defaultValue={values.manualCostCentre}
          error={fieldError(errors, 'manualCostCentre')}
        />
        <TextInput
          name="manualSubjectiveCode"
          label="Subjective code for lines added by hand"
          width="10"
          spellCheck={false}
          defaultValue={values.manualSubjectiveCode}
          error={fieldError(errors, 'manualSubjectiveCode')}
        />
        <Button>Save template</Button>
      </form>

      <Table
        caption="Sources a column can take"
        captionClassName="govuk-table__caption--m"
        head={['Source', 'What it holds']}
        firstCellIsHeader
        rows={Object.entries(LEDGER_SOURCES).map(([source, about]) => [<code key="s">{source}</code>, about])}
      />
    </>
  );
}
