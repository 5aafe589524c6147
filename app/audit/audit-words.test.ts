import { describe, expect, it } from 'vitest';
import { describeAuditEvent } from './audit-words';

const event = (action: string, detail: Record<string, unknown>) =>
  describeAuditEvent({ action, subjectType: 'tenant', subjectLabel: null, detail } as Parameters<
    typeof describeAuditEvent
  >[0]);

describe('the audit log in words: month end', () => {
  it('says what finance did with bank statements, reminders, the ledger and netting', () => {
    expect(event('bank_statement.imported', { fileName: 'lloyds.csv', linesNew: 3, linesMatched: 1 })).toBe(
      'imported the bank statement “lloyds.csv”: 3 new lines, 1 matched automatically',
    );
    expect(
      event('bank_line.not_ours', { amountPence: 12345, bookedOn: '2026-11-21', reason: 'Paid to us by mistake' }),
    ).toBe('marked £123.45 paid in on 21 November 2026 as not ours: “Paid to us by mistake”');
    expect(event('debt.reminder_settings_saved', { enabled: true, daysAfterDue: [7, 30] })).toBe(
      'set reminder emails for 7, 30 days after the due date',
    );
    expect(event('debt.reminder_settings_saved', { enabled: false, daysAfterDue: [] })).toBe(
      'turned off reminder emails',
    );
    expect(event('ledger.batch_exported', { reference: 'LB000002', period: 'November 2026', documents: 4 })).toBe(
      'exported ledger batch LB000002 for November 2026 (4 documents)',
    );
    expect(event('settlement.netted', { partner: 'Isle of Wight Council', amountPence: 74630 })).toBe(
      'settled £746.30 with Isle of Wight Council by netting',
    );
  });
});

describe('the audit log in words: categories of support', () => {
  it('says a category changed and a school placed, with the reason', () => {
    expect(event('support_category.changed', { name: 'Red', fundedDays: 12, before: { name: 'Intensive' } })).toBe(
      'set the category of support Red to 12 funded days a year (was Intensive)',
    );
    expect(
      event('support_category.placed', {
        school: 'Alpha Primary',
        category: 'Targeted',
        year: 2027,
        reason: 'Below the floor',
      }),
    ).toBe('placed Alpha Primary in Targeted for 2026/27: “Below the floor”');
    expect(
      event('support_category.placed', {
        school: 'Alpha Primary',
        category: 'Intensive',
        year: 2027,
        before: 'Targeted',
        reason: 'New head',
      }),
    ).toBe('placed Alpha Primary in Intensive for 2026/27, superseding Targeted: “New head”');
  });
});

describe('the audit log in words: progress review groups', () => {
  it('says a review was recorded and an action completed', () => {
    expect(
      event('progress_review.recorded', { school: 'Alpha Primary', metOn: '2026-10-14', actions: 2, year: 2027 }),
    ).toBe('recorded a progress review group for Alpha Primary that met on 14 October 2026, with 2 actions');
    expect(
      event('progress_review.action_completed', {
        school: 'Alpha Primary',
        action: 'Maths audit',
        completedOn: '2026-11-02',
        note: 'Done with the maths lead',
      }),
    ).toBe(
      'marked complete the action “Maths audit” for Alpha Primary, done on 2 November 2026: “Done with the maths lead”',
    );
  });
});

describe('the audit log in words: school improvement visits', () => {
  it('says a visit was logged with its funded and traded days, and voided with the reason', () => {
    expect(
      event('improvement_visit.recorded', {
        school: 'Alpha Primary',
        visitedOn: '2026-02-10',
        visitTypeName: 'Supported self-review',
        funded: 0.5,
        traded: 0.5,
        onLine: true,
      }),
    ).toBe(
      'logged a visit to Alpha Primary on 10 February 2026 (supported self-review): 0.5 days from the core entitlement, 0.5 traded on the school’s purchase',
    );
    expect(event('improvement_visit.voided', { reason: 'Wrong school', deliveryVoided: true })).toBe(
      'voided a school improvement visit and the delivery record it made: “Wrong school”',
    );
  });
});
