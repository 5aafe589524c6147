import { beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../db/queries/audit';
import { findService, findServiceByCode, listServices } from '../../db/queries/catalogue';
import { withTenant } from '../../db/scope.server';
import { asUser, get, twoTenants, type TestTenant } from '../../test/setup/fixtures';
import { requireTenantMember, type TenantContext } from '../auth/guards.server';
import { DomainError } from '../errors';
import { changeServiceStatus, createService, editService } from './save-service.server';
import { classesSoldTo, serviceForm, type ServiceInput } from './service-input';

/** A complete, valid posting of the service form (every value a string, as browsers send). */
function posted(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const base: Record<string, string | undefined> = {
    code: 'ep-day',
    name: 'Educational psychology day',
    category: 'educational_psychology',
    description: 'A day of an educational psychologist',
    included: 'Consultation and report',
    deliveredBy: 'Educational Psychology Service',
    statutory: 'traded',
    unitKind: 'day',
    unitHours: '6.5',
    costCentre: 'EP100',
    subjectiveCode: '',
    vatAcademy: 'S',
    vatOtherLaSchool: 'S',
    vatPartnerCouncil: 'E',
    vatIndependentOther: 'S',
    cancellationTerms: '10 working days',
    soldOwnArea: 'yes',
    soldAuthorities: '',
    soldPartnerCouncils: '',
    soldAnySchool: '',
    overagePolicy: 'charge',
    costSalary: '',
    costProductiveDays: '',
    costOverheadPercent: '',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
}

function input(overrides: Record<string, string | undefined> = {}): ServiceInput {
  return serviceForm.parse(posted(overrides));
}

/** field → messages, for a posting that should be refused. */
function problems(overrides: Record<string, string | undefined>): Record<string, string[]> {
  const result = serviceForm.safeParse(posted(overrides));
  expect(result.success, 'the form should be refused').toBe(false);
  const out: Record<string, string[]> = {};
  for (const issue of result.error!.issues) (out[String(issue.path[0])] ??= []).push(issue.message);
  return out;
}

describe('serviceForm', () => {
  it('turns a valid posting into the stored shape', () => {
    const value = serviceForm.parse(
      posted({
        code: '  ep-day ',
        name: '  Educational psychology day  ',
        soldOwnArea: 'on',
        soldAuthorities: '921, 850 ,870',
        soldPartnerCouncils: 'yes',
        costSalary: '71,385',
        costProductiveDays: '195',
        costOverheadPercent: '15.5',
      }),
    );
    expect(value).toEqual({
      code: 'EP-DAY',
      cancellationNoticeDays: null,
      lateCancellationPercent: 100,
      name: 'Educational psychology day',
      category: 'educational_psychology',
      description: 'A day of an educational psychologist',
      included: 'Consultation and report',
      deliveredBy: 'Educational Psychology Service',
      statutory: false,
      unitKind: 'day',
      unitHours: '6.5',
      costCentre: 'EP100',
      subjectiveCode: null,
      vatByClass: {
        own_maintained: 'O',
        academy: 'S',
        other_la_school: 'S',
        partner_council: 'E',
        independent_other: 'S',
      },
      cancellationTerms: '10 working days',
      soldTo: { ownArea: true, authorities: ['921', '850', '870'], partnerCouncils: true, anySchool: false },
      overagePolicy: 'charge',
      costSalaryPence: 7_138_500,
      costProductiveDays: 195,
      costOverheadBasisPoints: 1550,
    });
  });

  it('always treats own maintained schools as outside the scope of VAT', () => {
    expect(
      input({ vatAcademy: 'E', vatOtherLaSchool: 'Z', vatPartnerCouncil: 'S', vatIndependentOther: 'E' }).vatByClass,
    ).toEqual({
      own_maintained: 'O',
      academy: 'E',
      other_la_school: 'Z',
      partner_council: 'S',
      independent_other: 'E',
    });
  });

  it('leaves optional fields empty as null, statutory as a boolean and the overage policy defaulted', () => {
    const value = input({
      unitKind: 'hour',
      unitHours: '',
      costCentre: '',
      statutory: 'statutory',
      overagePolicy: undefined,
      soldOwnArea: '',
      soldAnySchool: 'yes',
    });
    expect(value.unitHours).toBeNull();
    expect(value.costCentre).toBeNull();
    expect(value.costSalaryPence).toBeNull();
    expect(value.costProductiveDays).toBeNull();
    expect(value.costOverheadBasisPoints).toBeNull();
    expect(value.statutory).toBe(true);
    expect(value.overagePolicy).toBe('charge');
    expect(value.soldTo).toEqual({ ownArea: false, authorities: [], partnerCouncils: false, anySchool: true });
  });

  it('refuses a code with spaces or other characters', () => {
    expect(problems({ code: 'EP DAY' }).code).toEqual([
      'Enter a code of 2 to 20 letters, numbers or hyphens, like EP-DAY',
    ]);
    expect(problems({ code: 'E' }).code).toHaveLength(1);
    expect(problems({ code: '-EP' }).code).toHaveLength(1);
    expect(problems({ code: 'EP_DAY' }).code).toHaveLength(1);
    expect(problems({ code: 'A'.repeat(21) }).code).toHaveLength(1);
  });

  it('refuses a missing name', () => {
    expect(problems({ name: '' }).name).toEqual(['Enter the name of the service']);
    expect(problems({ name: '    ' }).name).toEqual(['Enter the name of the service']);
    expect(problems({ name: 'x'.repeat(201) }).name).toEqual(['Name must be 200 characters or fewer']);
  });

  it('refuses a session or day without its hours', () => {
    expect(problems({ unitKind: 'session', unitHours: '' }).unitHours).toEqual([
      'Enter how many hours a session lasts',
    ]);
    expect(problems({ unitKind: 'day', unitHours: '' }).unitHours).toEqual(['Enter how many hours a day lasts']);
    expect(problems({ unitKind: 'session', unitHours: 'three' }).unitHours).toEqual([
      'Enter the hours as a number, like 3 or 6.5',
    ]);
    expect(input({ unitKind: 'session', unitHours: '3' }).unitHours).toBe('3');
  });

  it('refuses a service nobody may buy', () => {
    expect(
      problems({ soldOwnArea: '', soldAuthorities: '', soldPartnerCouncils: '', soldAnySchool: '' }).soldOwnArea,
    ).toEqual(['Select who may buy this service']);
    expect(input({ soldOwnArea: '', soldAuthorities: '921' }).soldTo.authorities).toEqual(['921']);
  });

  it('refuses authority codes that are not three digits', () => {
    expect(problems({ soldAuthorities: '92, 850' }).soldAuthorities).toHaveLength(1);
    expect(problems({ soldAuthorities: 'Hampshire' }).soldAuthorities).toHaveLength(1);
  });

  it('needs both the salary and the productive days, or neither', () => {
    expect(problems({ costSalary: '71385', costProductiveDays: '' }).costProductiveDays).toEqual([
      'Enter both the salary and the productive days, or neither',
    ]);
    expect(problems({ costSalary: '', costProductiveDays: '195' }).costSalary).toEqual([
      'Enter both the salary and the productive days, or neither',
    ]);
    expect(problems({ costSalary: '-5', costProductiveDays: '195' }).costSalary).toHaveLength(1);
    expect(problems({ costSalary: '71385', costProductiveDays: '0' }).costProductiveDays).toHaveLength(1);
    expect(problems({ costSalary: '71385', costProductiveDays: '367' }).costProductiveDays).toHaveLength(1);
    expect(problems({ costOverheadPercent: 'lots' }).costOverheadPercent).toHaveLength(1);
  });

  it('refuses unknown choices with a message for each', () => {
    const found = problems({ category: 'catering', unitKind: 'fortnight', vatAcademy: 'X', statutory: '' });
    expect(found.category).toEqual(['Select a category']);
    expect(found.unitKind).toEqual(['Select the unit of delivery']);
    expect(found.vatAcademy).toEqual(['Select the VAT treatment']);
    expect(found.statutory).toEqual(['Select whether the service is statutory or traded']);
  });
});

describe('classesSoldTo', () => {
  const none = { ownArea: false, authorities: [] as string[], partnerCouncils: false, anySchool: false };
  it('maps who may buy to the customer classes that need a price', () => {
    expect(classesSoldTo({ ...none, ownArea: true })).toEqual(['own_maintained', 'academy']);
    expect(classesSoldTo({ ...none, authorities: ['921'] })).toEqual(['other_la_school']);
    expect(classesSoldTo({ ...none, anySchool: true })).toEqual(['other_la_school', 'independent_other']);
    expect(classesSoldTo({ ...none, partnerCouncils: true })).toEqual(['partner_council']);
    expect(classesSoldTo({ ownArea: true, authorities: ['921'], partnerCouncils: true, anySchool: true })).toEqual([
      'own_maintained',
      'academy',
      'other_la_school',
      'partner_council',
      'independent_other',
    ]);
    expect(classesSoldTo(none)).toEqual([]);
  });
});

describe('saving services', () => {
  let alpha: TestTenant;
  let beta: TestTenant;
  let ctx: TenantContext;
  let betaCtx: TenantContext;

  beforeEach(async () => {
    ({ alpha, beta } = await twoTenants());
    ctx = await requireTenantMember(get('/t/alpha', await asUser(alpha.adminId)), 'alpha', 'catalogue.manage');
    betaCtx = await requireTenantMember(get('/t/beta', await asUser(beta.adminId)), 'beta', 'catalogue.manage');
  });

  it('creates a draft service with what was entered', async () => {
    const id = await createService(
      ctx,
      input({ costSalary: '71,385', costProductiveDays: '195', soldAuthorities: '921' }),
    );
    const saved = await withTenant(ctx, (tx) => findService(tx, alpha.id, id));
    expect(saved).toMatchObject({
      tenant_id: alpha.id,
      code: 'EP-DAY',
      name: 'Educational psychology day',
      status: 'draft',
      unit_kind: 'day',
      statutory: false,
      cost_salary_pence: 7_138_500,
      cost_productive_days: 195,
      vat_by_class: {
        own_maintained: 'O',
        academy: 'S',
        other_la_school: 'S',
        partner_council: 'E',
        independent_other: 'S',
      },
      sold_to: { ownArea: true, authorities: ['921'], partnerCouncils: false, anySchool: false },
    });
    expect(Number(saved!.unit_hours)).toBe(6.5);
  });

  it('refuses a second service with the same code, on the code field', async () => {
    await createService(ctx, input());
    const refusal = await createService(ctx, input({ code: 'EP-DAY', name: 'Another' })).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'service.code_taken', field: 'code', status: 409 });
    expect((refusal as DomainError).message).toMatch(/EP-DAY is already used/);
    expect(await withTenant(ctx, (tx) => listServices(tx, alpha.id))).toHaveLength(1);
  });

  it('lets another tenant use the same code', async () => {
    await createService(ctx, input());
    const betaId = await createService(betaCtx, input());
    expect((await withTenant(betaCtx, (tx) => findService(tx, beta.id, betaId)))?.code).toBe('EP-DAY');
  });

  it("edits a service, but not onto another service's code", async () => {
    const id = await createService(ctx, input());
    await createService(
      ctx,
      input({ code: 'EP-HOUR', name: 'Educational psychology hour', unitKind: 'hour', unitHours: '' }),
    );
    await editService(
      ctx,
      id,
      input({ name: 'Educational psychologist day', unitHours: '7', soldPartnerCouncils: 'yes' }),
    );
    const saved = await withTenant(ctx, (tx) => findService(tx, alpha.id, id));
    expect(saved).toMatchObject({ code: 'EP-DAY', name: 'Educational psychologist day', status: 'draft' });
    expect(Number(saved!.unit_hours)).toBe(7);
    expect(saved!.sold_to.partnerCouncils).toBe(true);

    // Keeping its own code is fine; taking another's is not.
    await editService(ctx, id, input({ code: 'ep-day' }));
    await expect(editService(ctx, id, input({ code: 'EP-HOUR' }))).rejects.toMatchObject({
      code: 'service.code_taken',
      field: 'code',
    });
    expect((await withTenant(ctx, (tx) => findService(tx, alpha.id, id)))?.code).toBe('EP-DAY');
  });

  it('moves draft → published → retired, never back, and a retired service cannot be edited', async () => {
    const id = await createService(ctx, input());
    const status = async () => (await withTenant(ctx, (tx) => findService(tx, alpha.id, id)))?.status;
    await changeServiceStatus(ctx, id, 'published');
    expect(await status()).toBe('published');
    await expect(changeServiceStatus(ctx, id, 'published')).rejects.toMatchObject({
      code: 'service.status',
      status: 409,
    });
    await changeServiceStatus(ctx, id, 'retired');
    expect(await status()).toBe('retired');
    const refusal = await changeServiceStatus(ctx, id, 'published').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'service.status', message: 'A retired service cannot be published' });
    await expect(changeServiceStatus(ctx, id, 'retired')).rejects.toBeInstanceOf(DomainError);
    await expect(editService(ctx, id, input({ name: 'Back again' }))).rejects.toMatchObject({
      code: 'service.retired',
    });
    expect(await status()).toBe('retired');
  });

  it('lets a draft be retired without being published', async () => {
    const id = await createService(ctx, input());
    await changeServiceStatus(ctx, id, 'retired');
    expect((await withTenant(ctx, (tx) => findService(tx, alpha.id, id)))?.status).toBe('retired');
  });

  it('audits every change, by whom and to what', async () => {
    const id = await createService(ctx, input());
    await editService(ctx, id, input({ name: 'Renamed' }));
    await changeServiceStatus(ctx, id, 'published');
    await changeServiceStatus(ctx, id, 'retired');
    await changeServiceStatus(ctx, id, 'published').catch(() => {});
    const events = await withTenant(ctx, (tx) => listAuditEvents(tx, alpha.id));
    expect(events.map((e) => e.action)).toEqual([
      'service.retired',
      'service.published',
      'service.updated',
      'service.created',
    ]);
    expect(events.every((e) => e.subject_type === 'service' && e.subject_id === id)).toBe(true);
    expect(events.every((e) => e.actorName === 'alpha admin')).toBe(true);
    expect(events.at(-1)!.detail).toEqual({ code: 'EP-DAY' });
    expect(await withTenant(betaCtx, (tx) => listAuditEvents(tx, beta.id))).toEqual([]);
  });

  describe('tenant isolation', () => {
    it('does not let another tenant find, edit or publish a service', async () => {
      const id = await createService(ctx, input());
      expect(await withTenant(betaCtx, (tx) => findService(tx, beta.id, id))).toBeUndefined();
      // Even asking for alpha's tenant id by name, row-level security hides it.
      expect(await withTenant(betaCtx, (tx) => findService(tx, alpha.id, id))).toBeUndefined();
      expect(await withTenant(betaCtx, (tx) => findServiceByCode(tx, alpha.id, 'EP-DAY'))).toBeUndefined();
      expect(await withTenant(betaCtx, (tx) => listServices(tx, alpha.id))).toEqual([]);

      const edit = editService(betaCtx, id, input({ name: 'Hijacked' }));
      await expect(edit).rejects.toBeInstanceOf(Response);
      await expect(edit).rejects.toMatchObject({ status: 404 });
      await expect(changeServiceStatus(betaCtx, id, 'retired')).rejects.toMatchObject({ status: 404 });

      const saved = await withTenant(ctx, (tx) => findService(tx, alpha.id, id));
      expect(saved).toMatchObject({ name: 'Educational psychology day', status: 'draft' });
      expect(await withTenant(ctx, (tx) => listAuditEvents(tx, alpha.id))).toHaveLength(1);
    });

    it('answers 404 for a service that does not exist', async () => {
      await expect(editService(ctx, '00000000-0000-4000-8000-000000000000', input())).rejects.toMatchObject({
        status: 404,
      });
    });
  });
});
