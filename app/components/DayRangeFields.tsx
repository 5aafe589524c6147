import { DateInput, partsFrom } from './DateInput';

export interface DayRangeFieldsProps {
  /** The fields as the person left them (`from-day` … `to-year`). */
  values: Record<string, string>;
  errors: { from?: string; to?: string };
  legends: { from: string; to: string };
  hints: { from: string; to: string };
}

/** The two GOV.UK date inputs of a period, named `from` and `to` (see app/calendar/day-range.ts). */
export function DayRangeFields({ values, errors, legends, hints }: DayRangeFieldsProps) {
  return (
    <>
      {(['from', 'to'] as const).map((name) => (
        <DateInput
          key={name}
          name={name}
          legend={legends[name]}
          hint={hints[name]}
          defaultValue={partsFrom(values, name)}
          error={errors[name]}
        />
      ))}
    </>
  );
}
