import { beforeEach, describe, expect, it } from 'vitest';
import { asUser, get, twoTenants, useToday, type TestTenant } from '../../test/setup/fixtures';
import { requireTenantMember, type TenantContext } from '../auth/guards.server';
import { createScheduleVersion } from './create-schedule-version.server';
import { publishSchedule } from './publish-schedule.server';

useToday('2025-12-01');

let alpha: TestTenant;
let ctx: TenantContext;

beforeEach(async () => {
  ({ alpha } = await twoTenants());
  ctx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'catalogue.manage');
  await publishSchedule(ctx, await createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025 }));
});

describe('a new version never changes prices of days already gone', () => {
  it('refuses a version taking effect in the past', async () => {
    await expect(
      createScheduleVersion(ctx, { yearKind: 'academic', startYear: 2025, effectiveFrom: '2025-11-30' }),
    ).rejects.toThrow(/cannot be in the past/);
  });

  it('refuses to publish a draft whose date has passed, saying what to do', async () => {
    const draft = await createScheduleVersion(ctx, {
      yearKind: 'academic',
      startYear: 2025,
      effectiveFrom: '2025-12-10',
    });
    await expect(publishSchedule(ctx, draft, '2025-12-11')).rejects.toThrow(
      /has passed: discard it and start a new version/,
    );
    await publishSchedule(ctx, draft, '2025-12-10');
  });
});
