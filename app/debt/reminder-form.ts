import { z } from 'zod';

/** What a tenant starts with: reminders a week, a month and two months after the due date. */
export const DEFAULT_REMINDER_DAYS = [7, 30, 60];
export const MAX_REMINDER_DAYS = 6;
const EXAMPLE = 'for example 7, 30, 60';

/** "7, 30 60" → [7, 30, 60]: whole days after the due date, each 1 to 365, in order, no repeats. */
const reminderDays = z
  .string()
  .optional()
  .default('')
  .transform((text, ctx) => {
    const words = text.split(/[\s,]+/).filter(Boolean);
    if (words.length === 0) return [];
    const notWhole = words.find((w) => !/^\d{1,4}$/.test(w));
    if (notWhole !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `Enter the days as whole numbers, ${EXAMPLE} (“${notWhole}” is not one)`,
      });
      return z.NEVER;
    }
    const days = [...new Set(words.map(Number))].sort((a, b) => a - b);
    const outside = days.find((d) => d < 1 || d > 365);
    if (outside !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `Each day must be from 1 to 365 days after the due date (${outside} is not)`,
      });
      return z.NEVER;
    }
    if (days.length > MAX_REMINDER_DAYS) {
      ctx.addIssue({ code: 'custom', message: `Enter at most ${MAX_REMINDER_DAYS} days` });
      return z.NEVER;
    }
    return days;
  });

export const reminderForm = z
  .object({
    enabled: z.enum(['yes', 'no'], { error: 'Select whether to send reminder emails' }),
    days: reminderDays,
  })
  .superRefine((v, ctx) => {
    if (v.enabled === 'yes' && v.days.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['days'],
        message: `Enter the days after the due date to send reminders, ${EXAMPLE}`,
      });
  })
  .transform((v) => ({
    enabled: v.enabled === 'yes',
    daysAfterDue: v.days.length ? v.days : DEFAULT_REMINDER_DAYS,
  }));
export type ReminderFormData = z.output<typeof reminderForm>;
