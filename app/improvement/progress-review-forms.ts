import { z } from 'zod';
import { londonToday } from '../calendar/contract-year';
import type { DateField } from '../forms/parse-form';

/** The review form has this many action rows; blank rows are ignored. */
export const ACTION_ROWS = 5;
export const ROW_NUMBERS = Array.from({ length: ACTION_ROWS }, (_, i) => i + 1);

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The date inputs of the review form: when the group met, and each action's due date (blank allowed). */
export const reviewDates: Record<string, DateField> = {
  metOn: { words: 'the date the group met' },
  ...Object.fromEntries(
    ROW_NUMBERS.map((n) => [`due-${n}`, { words: `the date action ${n} is due`, optional: true }] as const),
  ),
};

const optionalText = z.string().optional().default('');

/**
 * A progress review group: when it met, who attended, what was reviewed, and up to five actions
 * (`action-N`, `owner-N`, `due-N`). A row with nothing in it is ignored; a row with anything in it
 * needs all three, and its errors name the row.
 */
export const progressReviewForm = z
  .object({
    metOn: z.string({ error: 'Enter the date the group met' }).regex(ISO, 'Enter the date the group met'),
    attendees: z
      .string({ error: 'Enter who attended' })
      .trim()
      .min(1, 'Enter who attended')
      .max(2000, 'Who attended must be 2,000 characters or fewer'),
    reviewed: z
      .string({ error: 'Enter what was reviewed' })
      .trim()
      .min(1, 'Enter what was reviewed')
      .max(4000, 'What was reviewed must be 4,000 characters or fewer'),
    ...Object.fromEntries(
      ROW_NUMBERS.flatMap((n) => [
        [`action-${n}`, optionalText],
        [`owner-${n}`, optionalText],
        [`due-${n}`, optionalText],
      ]),
    ),
  })
  .superRefine((v, ctx) => {
    const values = v as Record<string, string>;
    if (ISO.test(v.metOn) && v.metOn > londonToday())
      ctx.addIssue({
        code: 'custom',
        path: ['metOn'],
        message: 'The date the group met must be today or in the past',
      });
    for (const n of ROW_NUMBERS) {
      const action = values[`action-${n}`]!.trim();
      const owner = values[`owner-${n}`]!.trim();
      const due = values[`due-${n}`]!.trim();
      if (!action && !owner && !due) continue;
      if (!action)
        ctx.addIssue({
          code: 'custom',
          path: [`action-${n}`],
          message: `Enter action ${n}, or clear its owner and due date`,
        });
      else if (action.length > 1000)
        ctx.addIssue({
          code: 'custom',
          path: [`action-${n}`],
          message: `Action ${n} must be 1,000 characters or fewer`,
        });
      if (!owner) ctx.addIssue({ code: 'custom', path: [`owner-${n}`], message: `Enter who owns action ${n}` });
      else if (owner.length > 200)
        ctx.addIssue({
          code: 'custom',
          path: [`owner-${n}`],
          message: `The owner of action ${n} must be 200 characters or fewer`,
        });
      if (!due) ctx.addIssue({ code: 'custom', path: [`due-${n}`], message: `Enter the date action ${n} is due` });
      else if (!ISO.test(due))
        ctx.addIssue({
          code: 'custom',
          path: [`due-${n}`],
          message: `The date action ${n} is due must be a real date`,
        });
      else if (ISO.test(v.metOn) && due < v.metOn)
        ctx.addIssue({
          code: 'custom',
          path: [`due-${n}`],
          message: `The date action ${n} is due must be on or after the date the group met`,
        });
    }
  })
  .transform((v) => {
    const values = v as Record<string, string>;
    return {
      metOn: v.metOn,
      attendees: v.attendees,
      reviewed: v.reviewed,
      actions: ROW_NUMBERS.filter((n) => values[`action-${n}`]!.trim()).map((n, i) => ({
        position: i + 1,
        action: values[`action-${n}`]!.trim(),
        owner: values[`owner-${n}`]!.trim(),
        dueOn: values[`due-${n}`]!.trim(),
      })),
    };
  });

export type ProgressReviewInput = z.output<typeof progressReviewForm>;

/** The fields of one action's "mark complete" form, named by its number so each form on the page has its own ids. */
export const completionFields = (position: number) => ({ date: `completedOn-${position}`, note: `note-${position}` });

export function completionDates(position: number): Record<string, DateField> {
  return { [completionFields(position).date]: { words: 'the date it was completed' } };
}

/** Which action a "mark complete" form is for: its number in the review. */
export const actionPositionForm = z.object({
  position: z
    .string()
    .regex(/^\d{1,2}$/, 'Choose an action to mark complete')
    .transform(Number),
});

/** Marking action N complete: when it was done, and an optional note. */
export function completeActionForm(position: number) {
  const { date, note } = completionFields(position);
  return z
    .object({
      [date]: z.string({ error: 'Enter the date it was completed' }).regex(ISO, 'Enter the date it was completed'),
      [note]: z.string().trim().max(2000, 'The note must be 2,000 characters or fewer').optional().default(''),
    })
    .superRefine((v, ctx) => {
      const on = String(v[date]);
      if (ISO.test(on) && on > londonToday())
        ctx.addIssue({
          code: 'custom',
          path: [date],
          message: 'The date it was completed must be today or in the past',
        });
    })
    .transform((v) => ({ position, completedOn: String(v[date]), note: String(v[note] ?? '') }));
}

export type CompleteActionInput = z.output<ReturnType<typeof completeActionForm>>;
