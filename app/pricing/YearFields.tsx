import type { FieldError } from '../components/ErrorSummary';
import { Radios } from '../components/Radios';
import { DateInput, partsFrom } from '../components/DateInput';
import { TextInput } from '../components/TextInput';
import { fieldError } from '../forms/parse-form';

export function YearFields({ values, errors }: { values: Record<string, string>; errors: FieldError[] }) {
  return (
    <>
      <Radios
        name="yearKind"
        legend="Contract year"
        inline
        items={[
          { value: 'academic', label: 'Academic (September to August)' },
          { value: 'financial', label: 'Financial (April to March)' },
        ]}
        defaultValue={values.yearKind ?? 'academic'}
        error={fieldError(errors, 'yearKind')}
      />
      <TextInput
        name="startYear"
        label="Year it starts"
        hint="For 2026/27, enter 2026"
        width="4"
        inputMode="numeric"
        defaultValue={values.startYear}
        error={fieldError(errors, 'startYear')}
      />
      <DateInput
        name="effectiveFrom"
        legend="Takes effect from (for a new version of a year already published)"
        hint="For example, 1 1 2027. Leave blank for the first version: it takes effect when the year starts."
        defaultValue={partsFrom(values, 'effectiveFrom')}
        error={fieldError(errors, 'effectiveFrom')}
      />
    </>
  );
}
