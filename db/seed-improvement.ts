import { transition, type OrderStatus } from '../app/commissioning/order-state';
import type { TenantContext } from '../app/auth/guards.server';
import { logDeliveryIn } from '../app/delivery/log-delivery.server';
import { categoriesIn } from '../app/improvement/categories.server';
import { splitVisit } from '../app/improvement/entitlement';
import { suggestCategory } from '../app/improvement/suggest-category';
import { formatAmount } from '../app/delivery/delivery-rules';
import type { Mail } from '../app/mail/mailer.server';
import { formatPence } from '../app/money';
import { contractYearOf } from '../app/calendar/contract-year';
import { buyerCustomerClass } from '../app/pricing/price-in-force';
import { priceModelSchema } from '../app/pricing/price-model';
import type { Db } from './client.server';
import { insertAuditEvent } from './queries/audit';
import { brokerageOffers, callBrokerSupport } from './queries/brokered-support';
import { findOrder, findOrderLine, setLinesStatus, setOrderStatus } from './queries/commissioning';
import { answerDelivery, countSettledDeliveries, insertFeedback, lockDelivery } from './queries/delivery';
import {
  currentCategory,
  fundedDrawn,
  insertVisit,
  listSchoolVisits,
  lockSchoolYear,
  schoolAsCustomer,
  schoolImprovementDayServices,
  schoolImprovementLines,
} from './queries/improvement-visits';
import { findSchedulePrice, listPublishedSchedules } from './queries/catalogue';
import {
  completeReviewAction,
  insertProgressReview,
  insertReviewActions,
  listReviewActions,
  listSchoolReviews,
} from './queries/progress-reviews';
import { findTenantSchool, findThresholds, listTenantSchools } from './queries/school-performance';
import { insertPlacement, latestInspections, listCurrentPlacements } from './queries/support-categories';
import { findUserIdByEmail } from './queries/platform';
import { runScoped, type Scoped } from './scope.server';
import type { OfstedJudgement } from './tables/school-performance';
import type { VisitType } from './tables/improvement-visits';

/**
 * Southampton's school improvement so far in 2026/27 (dates up to 20 November 2026, before the
 * journeys' fixed day), so that its service manager finds the dashboards in use: most of its own
 * schools placed in the category their data suggests; visits drawing down the core entitlement of
 * an intensive and a targeted school (the targeted one beyond it); two days of school-to-school
 * support brokered from the teaching school, accepted, one delivered and confirmed, with feedback;
 * and a progress review group. Bitterne Park Primary and the schools with no results or inspection
 * to go on are left for the review page (the school improvement journey places Bitterne Park).
 *
 * Each step runs as the person who takes it, in their scope, through the same queries and database
 * functions as the app (its rules and triggers apply), on the database given. Safe to run again:
 * each step is skipped when what it makes is there.
 */
const YEAR = 2027;
const COUNCIL = 'southampton';
const TEACHING_SCHOOL = 'springhill-teaching-school';
const MANAGER = 'services@southampton.example';
const COMMISSIONER = 'commissioning@southampton.example';

/** Left for the service manager: the journey places it. */
const BITTERNE_PARK = 116090;
/** Intensive: results far below the floor, progress below the limit, Ofsted requires improvement. */
const THORNHILL = 145222;
/** Targeted: results below the floor; its autumn's visits use up its core days and go beyond. */
const VALENTINE = 132025;
/** Intensive: one visit so far. */
const HAREFIELD = 139747;

interface DemoVisit {
  urn: number;
  on: string;
  type: VisitType;
  by: 'tom.okafor@southampton.example' | 'rachel.moss@southampton.example';
  days: number;
  note: string;
  actions: string;
}

const VISITS: DemoVisit[] = [
  {
    urn: THORNHILL,
    on: '2026-09-17',
    type: 'supported_self_review',
    by: 'rachel.moss@southampton.example',
    days: 100,
    note: 'Self-evaluation reviewed with the head and deputy: reading and maths at the end of Key Stage 2 are the priority.',
    actions: 'Reading leader to audit phonics in Years 3 and 4; maths lead to map the gaps from last year’s tests.',
  },
  {
    urn: THORNHILL,
    on: '2026-10-08',
    type: 'monitoring_visit',
    by: 'rachel.moss@southampton.example',
    days: 100,
    note: 'Lesson visits in Years 5 and 6 with the head; books looked at with the maths lead.',
    actions: 'Daily arithmetic practice in Years 5 and 6; the head to share the improvement plan with governors.',
  },
  {
    urn: THORNHILL,
    on: '2026-11-12',
    type: 'monitoring_visit',
    by: 'rachel.moss@southampton.example',
    days: 50,
    note: 'Phonics audit findings discussed; the brokered coaching has started well.',
    actions: 'Catch-up groups for the weakest readers from 16 November.',
  },
  {
    urn: HAREFIELD,
    on: '2026-10-01',
    type: 'supported_self_review',
    by: 'tom.okafor@southampton.example',
    days: 100,
    note: 'Supported self-review with the new head: writing and the quality of education are the priorities.',
    actions: 'Writing moderation with a partner school before Christmas.',
  },
  ...(
    [
      ['2026-09-22', 'supported_self_review', 100, 'Self-evaluation and the improvement plan reviewed with the head.'],
      ['2026-10-06', 'monitoring_visit', 100, 'Reading lessons seen in Key Stage 2; the reading leader’s plan agreed.'],
      ['2026-10-20', 'monitoring_visit', 100, 'Maths books and the new calculation policy looked at.'],
      [
        '2026-11-03',
        'monitoring_visit',
        50,
        'Short visit: attendance of disadvantaged pupils with the family liaison lead.',
      ],
      ['2026-11-10', 'monitoring_visit', 100, 'Year 6 mock test results analysed with the deputy head.'],
      // The core days are used up part way through this one: the rest is traded.
      [
        '2026-11-19',
        'monitoring_visit',
        100,
        'Governors’ standards committee: the autumn’s progress presented with the head.',
      ],
    ] as const
  ).map(([on, type, days, note]): DemoVisit => ({
    urn: VALENTINE,
    on,
    type,
    by: 'tom.okafor@southampton.example',
    days,
    note,
    actions: 'Agreed with the head at the end of the visit.',
  })),
];

const BROKERAGE = {
  urn: THORNHILL,
  serviceCode: 'SLE-DAY',
  days: 300,
  reason: 'A specialist leader of education in maths to coach the maths lead and Year 6 teachers.',
  /** Fixed, so that seeding again finds the first brokerage rather than making a second. */
  key: '5eed0013-0000-4000-8000-000000000001',
  acceptedOn: '2026-09-30',
  deliveredOn: '2026-10-14',
  confirmedOn: '2026-10-16',
};

const REVIEW = {
  urn: THORNHILL,
  metOn: '2026-10-15',
  attendees: 'Head teacher, chair of governors, school improvement adviser (Rachel Moss), maths lead',
  reviewed: 'The self-evaluation, the phonics audit so far, Year 6 maths and the brokered maths coaching.',
  actions: [
    { position: 1, action: 'Finish the phonics audit in Years 3 and 4', owner: 'Reading leader', dueOn: '2026-11-06' },
    { position: 2, action: 'Termly maths assessment for Years 5 and 6', owner: 'Maths lead', dueOn: '2026-12-11' },
    {
      position: 3,
      action: 'Report progress to the full governing board',
      owner: 'Chair of governors',
      dueOn: '2027-01-29',
    },
  ],
  completed: { position: 1, on: '2026-11-05', note: 'Audit done: 18 pupils in catch-up groups.' },
};

async function tenantRow(db: Db, slug: string) {
  return db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
}

async function userId(db: Db, email: string): Promise<string> {
  const id = await findUserIdByEmail(db, email);
  if (!id) throw new Error(`School improvement demo: no user ${email}`);
  return id;
}

export async function seedSchoolImprovement(db: Db) {
  const council = await tenantRow(db, COUNCIL);
  const provider = await tenantRow(db, TEACHING_SCHOOL);
  if (!council || !provider) return;
  const manager = await userId(db, MANAGER);
  const as = { tenantId: council.id, userId: manager };
  await runScoped(db, as, (tx) => placeSchools(tx, council.id, council.la_code!, manager));
  for (const visit of VISITS) {
    const practitioner = await userId(db, visit.by);
    await runScoped(db, as, (tx) => recordVisit(tx, council.id, council.la_code!, manager, practitioner, visit));
  }
  await brokerSupport(db, council, provider, manager);
  await runScoped(db, as, (tx) => recordReview(tx, council.id, manager));
}

/** The council's own schools in the category their data suggests, with the suggestion as the reason. */
async function placeSchools(tx: Scoped, tenantId: string, laCode: string, manager: string) {
  const [thresholds, categories, schools, placed] = await Promise.all([
    findThresholds(tx, tenantId),
    categoriesIn(tx, tenantId),
    listTenantSchools(tx, tenantId),
    listCurrentPlacements(tx, tenantId, YEAR),
  ]);
  const ownArea = new Set(
    (await tx.selectFrom('schools').select('urn').where('la_code', '=', laCode).execute()).map((s) => s.urn),
  );
  const inspections = new Map(
    (
      await latestInspections(
        tx,
        schools.map((s) => s.urn),
      )
    ).map((i) => [Number(i.urn), i]),
  );
  const already = new Set(placed.map((p) => p.urn));
  for (const school of schools) {
    if (!ownArea.has(school.urn) || already.has(school.urn) || school.urn === BITTERNE_PARK) continue;
    const inspection = inspections.get(school.urn);
    // Nothing to go on: left for the review, where a person decides.
    if (school.ks2Year === null && !inspection) continue;
    const suggestion = suggestCategory(
      {
        ks2:
          school.ks2Year === null
            ? null
            : {
                academicYear: school.ks2Year,
                ptrwmExp: school.ptrwmExp,
                readProg: school.readProg,
                writProg: school.writProg,
                matProg: school.matProg,
              },
        inspection: inspection
          ? {
              inspectionDate: inspection.inspectionDate,
              overallEffectiveness: inspection.overallEffectiveness as OfstedJudgement | null,
              qualityOfEducation: inspection.qualityOfEducation as OfstedJudgement | null,
            }
          : null,
      },
      thresholds,
    );
    const category = categories.find((c) => c.level === suggestion.level)!;
    const reason = `Agreed at the September categorisation panel: ${suggestion.words.replace(/^\w+ — /, '')}.`;
    await insertPlacement(tx, {
      tenantId,
      urn: school.urn,
      academicYear: YEAR,
      categoryId: category.id,
      suggestedLevel: suggestion.level,
      reason,
      decidedBy: manager,
      supersedes: null,
    });
    await insertAuditEvent(tx, {
      tenantId,
      actorUserId: manager,
      action: 'support_category.placed',
      subjectType: 'school',
      subjectId: String(school.urn),
      detail: {
        school: school.name,
        year: YEAR,
        category: category.name,
        reason,
        suggested: suggestion.level,
        before: null,
      },
    });
  }
}

/**
 * A visit as the visit form records it: what is left of the core entitlement first, the rest on
 * the school's school improvement line (the demo's schools have none for 2026/27: refused here
 * rather than logged differently from the form) or, with none, at the published day rate.
 */
async function recordVisit(
  tx: Scoped,
  tenantId: string,
  laCode: string,
  manager: string,
  practitioner: string,
  visit: DemoVisit,
) {
  const recorded = await listSchoolVisits(tx, tenantId, visit.urn, YEAR);
  if (recorded.some((v) => v.visitedOn === visit.on)) return;
  const school = await findTenantSchool(tx, tenantId, visit.urn);
  await lockSchoolYear(tx, tenantId, visit.urn, YEAR);
  const category = await currentCategory(tx, tenantId, visit.urn, YEAR);
  if (!category) throw new Error(`School improvement demo: school ${visit.urn} was not placed for 2026/27`);
  const drawn = await fundedDrawn(tx, tenantId, visit.urn, YEAR);
  const split = splitVisit(category.fundedDays * 100, drawn, visit.days);
  if (split.tradedHundredths > 0 && (await schoolImprovementLines(tx, tenantId, visit.urn, visit.on)).length > 0)
    throw new Error(`School improvement demo: school ${visit.urn} has a purchase the traded part belongs on`);
  const tradedDayRatePence =
    split.tradedHundredths > 0 ? await publishedDayRate(tx, tenantId, laCode, visit.urn, visit.on) : null;
  const id = await insertVisit(tx, {
    tenantId,
    urn: visit.urn,
    academicYear: YEAR,
    visitedOn: visit.on,
    visitType: visit.type,
    practitionerId: practitioner,
    daysHundredths: visit.days,
    fundedHundredths: split.fundedHundredths,
    tradedHundredths: split.tradedHundredths,
    orderLineId: null,
    deliveryId: null,
    tradedDayRatePence,
    note: visit.note,
    agreedActions: visit.actions,
    recordedBy: manager,
  });
  await insertAuditEvent(tx, {
    tenantId,
    actorUserId: manager,
    action: 'improvement_visit.recorded',
    subjectType: 'improvement_visit',
    subjectId: id,
    detail: {
      school: school?.name ?? null,
      urn: visit.urn,
      visitType: visit.type,
      visitedOn: visit.on,
      days: visit.days / 100,
      funded: split.fundedHundredths / 100,
      traded: split.tradedHundredths / 100,
      onLine: false,
      deliveryId: null,
      tradedDayRatePence,
    },
  });
}

/**
 * The visit form's price of a traded day for a school that bought none: the first published school
 * improvement day service's price in the schedule in force on the date, for the school's class
 * (none while the year's schedule is a draft, as Southampton's 2026/27 is in the demo).
 */
async function publishedDayRate(tx: Scoped, tenantId: string, laCode: string, urn: number, onDate: string) {
  const services = await schoolImprovementDayServices(tx, tenantId);
  const customer = await schoolAsCustomer(tx, tenantId, urn);
  if (services.length === 0 || !customer) return null;
  const customerClass = buyerCustomerClass(
    customer.accountClass,
    {
      kind: 'school',
      laCode: customer.laCode,
      typeGroup: customer.typeGroup,
      typeOfEstablishment: customer.typeOfEstablishment,
    },
    laCode,
  );
  const inYear = (await listPublishedSchedules(tx, tenantId)).filter(
    (s) => contractYearOf(onDate, s.year_kind).start === s.year_start,
  );
  const schedule = inYear.find((s) => s.effective_from <= onDate) ?? inYear.at(-1);
  if (!schedule) return null;
  for (const service of services) {
    const row = await findSchedulePrice(tx, tenantId, schedule.id, service.id, customerClass);
    const price = row ? priceModelSchema.safeParse(row.price) : null;
    if (!price?.success) continue;
    if (price.data.model === 'per_unit') return price.data.unitPricePence;
    if (price.data.model === 'volume_bands' || price.data.model === 'graduated')
      return price.data.bands[0]!.unitPricePence;
  }
  return null;
}

type TenantRow = NonNullable<Awaited<ReturnType<typeof tenantRow>>>;

/**
 * Three days from the teaching school, funded by the authority at the rate the teaching school
 * publishes to schools in its area: brokered by the service manager (the database's
 * broker_support), accepted by the teaching school's service manager, one day logged by its
 * practitioner, confirmed by the council's commissioner, who then gives feedback.
 */
async function brokerSupport(db: Db, council: TenantRow, provider: TenantRow, manager: string) {
  const placed = await runScoped(db, { tenantId: council.id, userId: manager }, async (tx) => {
    const [byAuthority, bySchool] = await Promise.all([
      brokerageOffers(tx, BROKERAGE.urn, YEAR, 'authority'),
      brokerageOffers(tx, BROKERAGE.urn, YEAR, 'school'),
    ]);
    const ofProvider = (o: { supportingTenantId: string; serviceCode: string }) =>
      o.supportingTenantId === provider.id && o.serviceCode === BROKERAGE.serviceCode;
    const offer = byAuthority.find(ofProvider);
    const school = await findTenantSchool(tx, council.id, BROKERAGE.urn);
    const rate = offer?.publishedRatePence ?? bySchool.find(ofProvider)?.publishedRatePence;
    if (!offer || rate === null || rate === undefined)
      throw new Error(`School improvement demo: ${provider.slug} publishes no ${BROKERAGE.serviceCode} for 2026/27`);
    const result = await callBrokerSupport(tx, {
      urn: BROKERAGE.urn,
      academicYear: YEAR,
      supportingTenantId: provider.id,
      serviceId: offer.serviceId,
      daysHundredths: BROKERAGE.days,
      dayRatePence: rate,
      fundedBy: 'authority',
      reason: BROKERAGE.reason,
      contactName: 'Helen Carter',
      contactEmail: MANAGER,
      working: `${formatAmount(BROKERAGE.days, { singular: 'day', plural: 'days' })} × ${formatPence(rate)} a day, the rate agreed by ${council.name} for ${school?.name ?? 'the school'}`,
      key: BROKERAGE.key,
    });
    const audited = await tx
      .selectFrom('audit_events')
      .select('id')
      .where('tenant_id', '=', council.id)
      .where('action', '=', 'brokered_support.created')
      .where('subject_id', '=', result.brokerageId)
      .executeTakeFirst();
    if (!audited)
      await insertAuditEvent(tx, {
        tenantId: council.id,
        actorUserId: manager,
        action: 'brokered_support.created',
        subjectType: 'brokered_support',
        subjectId: result.brokerageId,
        detail: {
          reference: result.reference,
          school: school?.name ?? null,
          provider: offer.providerName,
          service: offer.serviceName,
          daysHundredths: BROKERAGE.days,
          dayRatePence: rate,
          fundedBy: 'authority',
          orderReference: result.orderReference,
        },
      });
    return result;
  });

  const accepter = await userId(db, 'sle.coordinator@springhill.example');
  const practitioner = await userId(db, 'anna.kowalska@springhill.example');
  await runScoped(db, { tenantId: provider.id, userId: accepter }, async (tx) => {
    const order = await findOrder(tx, provider.id, placed.orderId);
    if (!order || order.status !== 'awaiting_provider') return;
    const next = transition(
      { status: order.status as OrderStatus, submittedBy: order.submitted_by, proposedBy: order.proposed_by },
      { type: 'accept', by: accepter },
    );
    if (!next.ok) throw new Error(`School improvement demo: ${next.message}`);
    await setOrderStatus(tx, provider.id, order.id, {
      status: next.status,
      by: accepter,
      kind: 'decision',
      on: BROKERAGE.acceptedOn,
    });
    await setLinesStatus(tx, provider.id, order.id, ['pending'], 'active');
    await insertAuditEvent(tx, {
      tenantId: provider.id,
      actorUserId: accepter,
      action: 'order.accepted',
      subjectType: 'order',
      subjectId: order.id,
      detail: {},
    });
  });

  const ctx: TenantContext = {
    session: {
      sessionId: 'seed',
      userId: practitioner,
      email: 'anna.kowalska@springhill.example',
      name: 'Anna Kowalska',
      activeContext: null,
      expiresAt: new Date(),
    },
    tenant: provider,
    role: 'practitioner',
    tenantId: provider.id,
    userId: practitioner,
  };
  const deliveryId = await runScoped(db, { tenantId: provider.id, userId: practitioner }, async (tx) => {
    const logged = await tx
      .selectFrom('deliveries')
      .select('id')
      .where('tenant_id', '=', provider.id)
      .where('order_line_id', '=', placed.orderLineId)
      .executeTakeFirst();
    if (logged) return logged.id;
    // The mail asking the buyer to confirm is not sent: the seed confirms it below.
    const mails: Mail[] = [];
    return logDeliveryIn(
      tx,
      ctx,
      placed.orderLineId,
      {
        deliveredOn: BROKERAGE.deliveredOn,
        unitsHundredths: 100,
        practitionerId: practitioner,
        workType: 'Visit',
        note: 'Coached the maths lead; planned the Year 6 arithmetic sequence with the Year 6 teachers.',
      },
      'http://localhost:3000',
      mails,
      BROKERAGE.deliveredOn,
    );
  });

  const commissioner = await userId(db, COMMISSIONER);
  await runScoped(db, { organisationId: council.organisation_id, userId: commissioner }, async (tx) => {
    const delivery = await lockDelivery(tx, provider.id, deliveryId);
    if (!delivery) throw new Error('School improvement demo: the brokered delivery is not visible to the council');
    if (delivery.status === 'logged') {
      await answerDelivery(tx, provider.id, deliveryId, { status: 'confirmed', by: commissioner });
      await insertAuditEvent(tx, {
        tenantId: provider.id,
        actorUserId: commissioner,
        action: 'delivery.confirmed',
        subjectType: 'delivery',
        subjectId: deliveryId,
        detail: {},
      });
    }
    if (!(await findOrderLine(tx, provider.id, placed.orderLineId))) return;
    if ((await countSettledDeliveries(tx, provider.id, placed.orderLineId)) === 0) return;
    const given = await insertFeedback(tx, {
      tenantId: provider.id,
      lineId: placed.orderLineId,
      rating: 5,
      whatChanged: 'The maths lead now plans arithmetic across Years 5 and 6; the first mock tests are up.',
      givenBy: commissioner,
    });
    if (given)
      await insertAuditEvent(tx, {
        tenantId: provider.id,
        actorUserId: commissioner,
        action: 'feedback.given',
        subjectType: 'order_line',
        subjectId: placed.orderLineId,
        detail: { rating: 5 },
      });
  });
}

/** A progress review group for the intensive school, with three actions, the first since completed. */
async function recordReview(tx: Scoped, tenantId: string, manager: string) {
  const reviews = await listSchoolReviews(tx, tenantId, REVIEW.urn);
  if (reviews.some((r) => r.academicYear === YEAR)) return;
  const reviewId = await insertProgressReview(tx, {
    tenantId,
    urn: REVIEW.urn,
    academicYear: YEAR,
    metOn: REVIEW.metOn,
    attendees: REVIEW.attendees,
    reviewed: REVIEW.reviewed,
    recordedBy: manager,
  });
  await insertReviewActions(tx, tenantId, reviewId, REVIEW.actions);
  const school = await findTenantSchool(tx, tenantId, REVIEW.urn);
  await insertAuditEvent(tx, {
    tenantId,
    actorUserId: manager,
    action: 'progress_review.recorded',
    subjectType: 'school',
    subjectId: String(REVIEW.urn),
    detail: {
      school: school?.name ?? null,
      year: YEAR,
      category: (await currentCategory(tx, tenantId, REVIEW.urn, YEAR))?.name ?? null,
      metOn: REVIEW.metOn,
      actions: REVIEW.actions.length,
      reviewId,
    },
  });
  const action = (await listReviewActions(tx, tenantId, [reviewId])).find(
    (a) => a.position === REVIEW.completed.position,
  )!;
  await completeReviewAction(tx, tenantId, action.id, {
    completedOn: REVIEW.completed.on,
    completedBy: manager,
    note: REVIEW.completed.note,
  });
  await insertAuditEvent(tx, {
    tenantId,
    actorUserId: manager,
    action: 'progress_review.action_completed',
    subjectType: 'school',
    subjectId: String(REVIEW.urn),
    detail: {
      school: school?.name ?? null,
      action: action.action,
      owner: action.owner,
      metOn: REVIEW.metOn,
      completedOn: REVIEW.completed.on,
      note: REVIEW.completed.note,
      reviewId,
    },
  });
}
