import { describe, expect, it } from 'vitest';
import { cancellationCharge } from './cancellation';

const line = { serviceName: 'Clerking', startsOn: '2027-09-01', noticeDays: 30, latePercent: 50, totalPence: 295000 };

describe('cancellation terms', () => {
  it('is free with enough notice, and charges the late share without it', () => {
    expect(cancellationCharge([line], '2027-08-02').chargePence).toBe(0);
    expect(cancellationCharge([line], '2027-08-03').chargePence).toBe(147500);
    expect(cancellationCharge([line], '2027-09-15').chargePence).toBe(147500);
  });
  it('charges nothing where a service needs no notice, and adds up several lines', () => {
    const free = { ...line, noticeDays: null };
    const full = { ...line, serviceName: 'EP', latePercent: 100, totalPence: 150001 };
    const result = cancellationCharge([free, full, line], '2027-08-20');
    expect(result.chargePence).toBe(150001 + 147500);
    expect(result.working).toHaveLength(3);
  });
});

describe('the service form’s cancellation fields', async () => {
  const { serviceForm } = await import('../catalogue/service-input');
  const base = {
    code: 'EP-DAY',
    name: 'EP day',
    category: 'educational_psychology',
    statutory: 'traded',
    unitKind: 'day',
    unitHours: '6',
    vatAcademy: 'E',
    vatOtherLaSchool: 'E',
    vatPartnerCouncil: 'O',
    vatIndependentOther: 'S',
    soldOwnArea: 'yes',
  };
  it('refuses a notice beyond a year and a charge over 100%, saying what to enter', () => {
    const result = serviceForm.safeParse({ ...base, cancellationNoticeDays: '400', lateCancellationPercent: '150' });
    expect(result.success).toBe(false);
    const messages = result.success ? [] : result.error.issues.map((i) => i.message);
    expect(messages).toContain('Enter the notice as a whole number of days from 0 to 365');
    expect(messages).toContain('Enter the charge as a whole percentage from 0 to 100');
  });
});
