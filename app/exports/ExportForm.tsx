import { Button } from '../components/Button';
import { DayRangeFields } from '../components/DayRangeFields';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { Radios } from '../components/Radios';
import { fieldError } from '../forms/parse-form';
import { EXPORT_KINDS, EXPORTS } from './export-form';

export interface ExportPageData {
  errors: FieldError[];
  values: Record<string, string>;
  /** Shown under the heading: whose records these are. */
  owner: string;
}

/**
 * Download orders, lines or delivery records for a period. A GET form the browser submits itself
 * (not through the app's router), so the answer downloads as a file; errors come back as a page.
 */
export function ExportForm({ errors, values, owner }: ExportPageData) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">{owner}</span>
        <h1 className="govuk-heading-l">Download records</h1>
        <p className="govuk-body">
          Download a spreadsheet (CSV) for a period, to check against your ledger or keep your own records. Amounts are
          in pounds, units in the service&rsquo;s own unit.
        </p>
        <form method="get" noValidate>
          <Radios
            name="what"
            legend="What do you want to download?"
            items={EXPORT_KINDS.map((kind) => ({ value: kind, label: EXPORTS[kind].label, hint: EXPORTS[kind].hint }))}
            defaultValue={values.what}
            error={fieldError(errors, 'what')}
          />
          <DayRangeFields
            values={values}
            errors={{ from: fieldError(errors, 'from'), to: fieldError(errors, 'to') }}
            legends={{ from: 'First day', to: 'Last day' }}
            hints={{
              from: 'Orders submitted, or work done, on or after this day. For example, 1 9 2026',
              to: 'On or before this day. For example, 31 8 2027',
            }}
          />
          <Button>Download CSV</Button>
        </form>
      </div>
    </div>
  );
}
