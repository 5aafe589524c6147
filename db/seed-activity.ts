import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { proposeLineIn } from '../app/agreements/propose-line.server';
import type { BuyerContext } from '../app/auth/guards.server';
import { addDays } from '../app/calendar/days';
import { placeOrdersIn } from '../app/commissioning/submit-order.server';
import type { Db } from './client.server';
import { findAgreementForCommissioner } from './queries/agreements';
import { findVisibleServiceByCode } from './queries/catalogue';
import { setLinesStatus, setOrderStatus, listOrderLines } from './queries/commissioning';
import { answerDelivery, insertDelivery } from './queries/delivery';
import { findCouncilOrganisation, findSchoolOrganisation, findUserIdByEmail } from './queries/platform';
import { runScoped, type Scoped } from './scope.server';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-10-05');
const delivery = z.object({ on: isoDate, units: z.number().positive().max(10), workType: z.string().min(1) }).strict();

/**
 * A demo authority's year so far (tenants/<slug>/activity.json): orders its schools placed and it
 * accepted, lines commissioned under its agreements, and work delivered and confirmed, so that a
 * billing run has something real to bill.
 */
export const activitySchema = z
  .object({
    orders: z
      .array(
        z
          .object({
            urn: z.number().int().positive(),
            buyerEmail: z.email(),
            startYear: z.number().int().min(2000).max(2100),
            acceptedOn: isoDate,
            poNumber: z.string().min(1).max(50),
            lines: z
              .array(
                z
                  .object({
                    serviceCode: z.string().min(1),
                    quantity: z.number().int().positive(),
                    packageCode: z.string().optional(),
                    deliveries: z.array(delivery).default([]),
                  })
                  .strict(),
              )
              .min(1),
          })
          .strict(),
      )
      .default([]),
    agreementLines: z
      .array(
        z
          .object({
            commissionerLaCode: z.string().regex(/^[0-9]{3}$/),
            serviceCode: z.string().min(1),
            quantity: z.number().int().positive(),
            startYear: z.number().int().min(2000).max(2100),
            period: z.string().max(200).default(''),
            acceptedOn: isoDate,
            poNumber: z.string().min(1).max(50),
            /** The commissioner who confirms the work. */
            confirmedByEmail: z.email(),
            deliveries: z.array(delivery).default([]),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type DemoActivity = z.infer<typeof activitySchema>;

export function readActivity(tenantDir: string): DemoActivity | null {
  const file = path.join(tenantDir, 'activity.json');
  if (!existsSync(file)) return null;
  return activitySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

interface TenantRef {
  tenantId: string;
  slug: string;
  /** Who logs the demo's work: the authority's first practitioner. */
  practitionerId: string;
}

/** Work delivered on a line and confirmed by the buyer on the day it was logged. */
async function deliverAndConfirm(
  tx: Scoped,
  tenant: TenantRef,
  lineId: string,
  confirmedBy: string,
  deliveries: DemoActivity['orders'][number]['lines'][number]['deliveries'],
) {
  for (const d of deliveries) {
    const { id } = await insertDelivery(tx, {
      tenantId: tenant.tenantId,
      lineId,
      deliveredOn: d.on,
      unitsHundredths: Math.round(d.units * 100),
      practitionerId: tenant.practitionerId,
      workType: d.workType,
      note: '',
      confirmBy: addDays(d.on, 10),
      loggedBy: tenant.practitionerId,
    });
    await answerDelivery(tx, tenant.tenantId, id, { status: 'confirmed', by: confirmedBy });
  }
}

async function seedActivityOrder(db: Db, tenant: TenantRef, order: DemoActivity['orders'][number]) {
  const school = await findSchoolOrganisation(db, order.urn);
  const buyer = await findUserIdByEmail(db, order.buyerEmail);
  if (!school || !buyer) throw new Error(`${tenant.slug}: activity needs school ${order.urn} and ${order.buyerEmail}`);
  const ctx: BuyerContext = {
    session: {
      sessionId: 'seed',
      userId: buyer,
      email: order.buyerEmail,
      name: order.buyerEmail,
      activeContext: null,
      expiresAt: new Date(),
    },
    organisationId: school.id,
    organisationName: school.name,
    organisationKind: 'school',
    role: 'business_manager',
    userId: buyer,
  };
  const yearStart = `${order.startYear}-09-01`;
  const placed = await runScoped(db, { organisationId: school.id, userId: buyer }, async (tx) => {
    const items = [];
    for (const line of order.lines) {
      const service = await findVisibleServiceByCode(tx, tenant.tenantId, line.serviceCode);
      if (!service) throw new Error(`${tenant.slug}: no published service ${line.serviceCode}`);
      items.push({
        serviceId: service.id,
        yearKind: 'academic' as const,
        yearStart,
        forOrganisationId: school.id,
        quantity: line.quantity,
        packageCode: line.packageCode ?? null,
        preferredDates: '',
      });
    }
    return placeOrdersIn(
      tx,
      ctx,
      tenant.tenantId,
      {
        slug: tenant.slug,
        poNumber: order.poNumber,
        contactName: school.name,
        contactEmail: order.buyerEmail,
        idempotencyKey: `activity-${tenant.slug}-${order.urn}-${order.startYear}`,
      },
      items,
      'http://localhost:3000',
      [],
      yearStart,
    );
  });
  for (const result of placed) {
    if (result.status === 'duplicate') continue;
    await runScoped(db, { tenantId: tenant.tenantId }, async (tx) => {
      await setOrderStatus(tx, tenant.tenantId, result.id, {
        status: 'accepted',
        by: tenant.practitionerId,
        kind: 'decision',
        on: order.acceptedOn,
      });
      await setLinesStatus(tx, tenant.tenantId, result.id, ['pending'], 'active');
      const lines = await listOrderLines(tx, tenant.tenantId, result.id);
      for (const [index, line] of order.lines.entries())
        await deliverAndConfirm(tx, tenant, lines[index]!.id, buyer, line.deliveries);
    });
  }
}

async function seedAgreementLine(db: Db, tenant: TenantRef, line: DemoActivity['agreementLines'][number]) {
  const council = await findCouncilOrganisation(db, line.commissionerLaCode);
  const commissioner = await findUserIdByEmail(db, line.confirmedByEmail);
  if (!commissioner) throw new Error(`${tenant.slug}: no commissioner ${line.confirmedByEmail}`);
  if (!council) throw new Error(`${tenant.slug}: no council ${line.commissionerLaCode} for the agreement line`);
  await runScoped(db, { tenantId: tenant.tenantId }, async (tx) => {
    const agreement = await findAgreementForCommissioner(tx, tenant.tenantId, council.id);
    if (!agreement) throw new Error(`${tenant.slug}: no agreement with council ${line.commissionerLaCode}`);
    const service = await findVisibleServiceByCode(tx, tenant.tenantId, line.serviceCode);
    if (!service) throw new Error(`${tenant.slug}: no service ${line.serviceCode}`);
    const proposed = await proposeLineIn(
      tx,
      tenant.tenantId,
      agreement.id,
      { userId: tenant.practitionerId, side: 'provider' },
      {
        serviceId: service.id,
        quantity: line.quantity,
        yearStart: `${line.startYear}-09-01`,
        period: line.period,
        poNumber: line.poNumber,
        idempotencyKey: `activity-${tenant.slug}-${line.commissionerLaCode}-${line.serviceCode}-${line.startYear}`,
      },
    );
    if (proposed.duplicate) return;
    await setOrderStatus(tx, tenant.tenantId, proposed.id, {
      status: 'accepted',
      by: tenant.practitionerId,
      kind: 'approval',
      on: line.acceptedOn,
    });
    await setLinesStatus(tx, tenant.tenantId, proposed.id, ['pending'], 'active');
    const [orderLine] = await listOrderLines(tx, tenant.tenantId, proposed.id);
    await deliverAndConfirm(tx, tenant, orderLine!.id, commissioner, line.deliveries);
  });
}

/** Loads a demo authority's activity; safe to run again (each order and line is placed once). */
export async function seedDemoActivity(db: Db, tenant: TenantRef, activity: DemoActivity) {
  for (const order of activity.orders) await seedActivityOrder(db, tenant, order);
  for (const line of activity.agreementLines) await seedAgreementLine(db, tenant, line);
}
