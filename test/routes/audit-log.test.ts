import { beforeEach, describe, expect, it } from 'vitest';
import { requireTenantMember, type TenantContext } from '../../app/auth/guards.server';
import { changeServiceStatus, createService } from '../../app/catalogue/save-service.server';
import { serviceForm } from '../../app/catalogue/service-input';
import type { AuditLogEntry } from '../../app/audit/audit-log.server';
import * as auditCsv from '../../app/routes/t.$tenant.audit[.csv]';
import * as auditPage from '../../app/routes/t.$tenant.audit';
import { changeMemberRole } from '../../app/tenancy/change-member-role.server';
import { insertAuditEvent } from '../../db/queries/audit';
import { withTenant } from '../../db/scope.server';
import {
  addMember,
  asUser,
  createUser,
  EP_DAY_FIELDS,
  get,
  respond,
  twoTenants,
  type Browser,
  type TestTenant,
} from '../setup/fixtures';

// The audit log in words, linked to the records, filterable and downloadable.

let alpha: TestTenant;
let beta: TestTenant;
let admin: Browser;
let ctx: TenantContext;
let serviceId: string;
let practitionerId: string;

/** What the page's loader gives (its data, with or without a status). */
type Page = { entries: AuditLogEntry[]; total: number; errors: { field?: string; message: string }[] };

async function page(query = '', browser = admin, slug = 'alpha') {
  return respond(() =>
    auditPage.loader({
      request: get(`/t/${slug}/audit${query ? `?${query}` : ''}`, browser),
      params: { tenant: slug },
      context: {},
    }),
  );
}

beforeEach(async () => {
  ({ alpha, beta } = await twoTenants());
  admin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
  ctx = await requireTenantMember(get('/t/alpha', admin), 'alpha', 'users.manage');
  serviceId = await createService(ctx, serviceForm.parse(EP_DAY_FIELDS));
  await changeServiceStatus(ctx, serviceId, 'published');
  practitionerId = await createUser('pat@alpha.example', 'Pat Practitioner');
  await addMember(alpha.id, practitionerId, 'practitioner');
  await changeMemberRole(ctx, practitionerId, 'service_manager');
});

describe('the audit log', () => {
  it('says what happened in words, newest first, linked to the record', async () => {
    const r = await page();
    expect(r.status).toBe(200);
    const { entries, total } = r.value as Page;
    expect(total).toBe(3);
    expect(entries.map((e) => `${e.who} ${e.what}`)).toEqual([
      'alpha admin changed Pat Practitioner’s role from practitioner to service manager',
      'alpha admin published service EP-DAY Educational psychology day',
      'alpha admin created service EP-DAY Educational psychology day',
    ]);
    expect(entries[0]!.href).toBe(`/t/alpha/users/${practitionerId}`);
    expect(entries[2]!.href).toBe(`/t/alpha/services/${serviceId}`);
    expect(JSON.stringify(entries)).not.toMatch(/totalPence|"code"/);
  });

  it('names an order with its reference and amount, and a record that is gone as such', async () => {
    await withTenant(ctx, (tx) =>
      insertAuditEvent(tx, {
        tenantId: alpha.id,
        actorUserId: null,
        action: 'order.submitted',
        subjectType: 'order',
        subjectId: '00000000-0000-4000-8000-000000000000',
        detail: { totalPence: 154500 },
      }),
    );
    const { entries } = (await page()).value as Page;
    expect(entries[0]).toMatchObject({
      who: 'Traded (automatically)',
      what: 'submitted a record that no longer exists (£1,545.00)',
      href: null,
    });
  });

  it('filters by person, kind of record and days, and downloads what it shows as CSV', async () => {
    const byRecord = (await page('record=service')).value as Page;
    expect(byRecord.entries.map((e) => e.what)).toEqual([
      'published service EP-DAY Educational psychology day',
      'created service EP-DAY Educational psychology day',
    ]);
    const nobody = (await page(`person=${beta.adminId}`)).value as Page;
    expect(nobody.total).toBe(0);
    const future = (await page('from-day=1&from-month=1&from-year=2099')).value as Page;
    expect(future.total).toBe(0);

    const csv = await respond(() =>
      auditCsv.loader({
        request: get('/t/alpha/audit.csv?record=service', admin),
        params: { tenant: 'alpha' },
        context: {},
      }),
    );
    expect(csv.status).toBe(200);
    expect(csv.response!.headers.get('content-disposition')).toBe('attachment; filename="alpha-audit-log.csv"');
    const lines = (await csv.response!.text()).trim().split('\r\n');
    expect(lines[0]).toBe('"When","Who","What","Link"');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      /"alpha admin published service EP-DAY Educational psychology day","http[^"]+\/t\/alpha\/services\//,
    );
  });

  it('says what to fix in a filter, and sends a bad download back to the page', async () => {
    const r = await page('from-day=31&from-month=2&from-year=2026&record=nonsense');
    expect(r.status).toBe(400);
    expect((r.value as Page).errors).toEqual([{ field: 'record', message: 'Select a kind of record from the list' }]);
    const bad = await page('from-day=31&from-month=2&from-year=2026');
    expect((bad.value as Page).errors).toEqual([{ field: 'from', message: 'The first day must be a real date' }]);
    const back = await respond(() =>
      auditCsv.loader({ request: get('/t/alpha/audit.csv?person=x', admin), params: { tenant: 'alpha' }, context: {} }),
    );
    expect(back.status).toBe(302);
    expect(back.response!.headers.get('location')).toBe('/t/alpha/audit?person=x');
  });

  it('is not found for another tenant’s staff, and forbidden to a practitioner', async () => {
    const betaAdmin = await asUser(beta.adminId, `tenant:${beta.id}`);
    expect((await page('', betaAdmin)).status).toBe(404);
    const csv = await respond(() =>
      auditCsv.loader({ request: get('/t/alpha/audit.csv', betaAdmin), params: { tenant: 'alpha' }, context: {} }),
    );
    expect(csv.status).toBe(404);
    const other = await createUser('prac@alpha.example');
    await addMember(alpha.id, other, 'practitioner');
    expect((await page('', await asUser(other))).status).toBe(403);
  });
});
