import { insertAuditEvent } from '../../db/queries/audit';
import { findTenantSchool, findThresholds, listTenantSchools } from '../../db/queries/school-performance';
import {
  contactOfficersByUrn,
  insertCategoriesIfMissing,
  insertPlacement,
  latestInspections,
  listCategoryRows,
  listCurrentPlacements,
  listSchoolPlacements,
  updateCategoryRow,
  type CategoryRow,
} from '../../db/queries/support-categories';
import type { Scoped } from '../../db/scope.server';
import { withTenant } from '../../db/scope.server';
import type { OfstedJudgement } from '../../db/tables/school-performance';
import type { SupportLevel } from '../../db/tables/support-categories';
import { notFound, requireTenantMember, type TenantContext } from '../auth/guards.server';
import type { ProviderPermission } from '../auth/permissions';
import type { CategoriesInput, PlacementInput } from './category-forms';
import { suggestCategory } from './suggest-category';
import { fundedDrawn, lockSchoolYear, schoolsDrawnBeyond } from '../../db/queries/improvement-visits';
import { DomainError } from '../errors';
import { academicYearEndingOf, academicYearLabel } from '../performance/academic-year';
import { londonToday, type IsoDate } from '../calendar/contract-year';
import { formatDays } from './entitlement';

/**
 * Categories of support are a council's school improvement: a teaching school or academy trust
 * sells support but does not place the area's schools in categories, so for them these pages
 * answer 404 and the school pages show no category.
 */
export async function requireCouncilImprovement(
  request: Request,
  slug: string | undefined,
  permission: ProviderPermission,
): Promise<TenantContext> {
  const ctx = await requireTenantMember(request, slug, permission);
  if (!offersCategories(ctx)) throw notFound();
  return ctx;
}

export const offersCategories = (ctx: TenantContext) => ctx.tenant.kind === 'council';

/** The academic year placements are for by default (the year it ends in: 2027 = 2026/27). */
export function currentPlacementYear(today: IsoDate = londonToday()): number {
  return academicYearEndingOf(today);
}

/**
 * The one place the default categories live. They are made on first use, for any council tenant
 * (old or new), by whichever page first reads the categories; a conflict means they exist.
 */
export const DEFAULT_CATEGORIES: ReadonlyArray<Omit<CategoryRow, 'id'>> = [
  {
    level: 'intensive',
    position: 1,
    name: 'Intensive',
    description: 'Schools causing concern: a programme of support agreed with the school and reviewed often.',
    fundedDays: 10,
  },
  {
    level: 'targeted',
    position: 2,
    name: 'Targeted',
    description: 'Schools with an area to improve: support aimed at it, with progress reviewed.',
    fundedDays: 5,
  },
  {
    level: 'universal',
    position: 3,
    name: 'Universal',
    description: 'Schools performing well: the core offer every school has.',
    fundedDays: 1,
  },
];

export async function categoriesIn(tx: Scoped, tenantId: string): Promise<CategoryRow[]> {
  const rows = await listCategoryRows(tx, tenantId);
  if (rows.length === DEFAULT_CATEGORIES.length) return rows;
  await insertCategoriesIfMissing(tx, tenantId, DEFAULT_CATEGORIES);
  return listCategoryRows(tx, tenantId);
}

export async function listCategories(ctx: TenantContext) {
  return withTenant(ctx, (tx) => categoriesIn(tx, ctx.tenantId));
}

/** Saves the categories' names, descriptions and funded days; each change audited with what it was. */
export async function saveCategories(ctx: TenantContext, input: CategoriesInput): Promise<number> {
  return withTenant(ctx, async (tx) => {
    const before = await categoriesIn(tx, ctx.tenantId);
    let changed = 0;
    for (const category of before) {
      const next = input.categories.find((c) => c.level === category.level);
      if (!next) continue;
      if (
        next.name === category.name &&
        next.description === category.description &&
        next.fundedDays === category.fundedDays
      )
        continue;
      if (next.fundedDays < category.fundedDays) await refuseBelowDrawn(tx, ctx.tenantId, category, next.fundedDays);
      try {
        await updateCategoryRow(tx, ctx.tenantId, category.id, next, ctx.userId);
      } catch (error) {
        // A visit logged since the check above: the database refused the days, so say so on the field.
        if (String((error as { message?: unknown })?.message ?? '').includes('already drawn more than'))
          throw new DomainError(
            'support_category.below_drawn',
            `The funded days for ${category.name} cannot be fewer than a school placed in it has already drawn: a visit was logged just now, so check the schools and try again`,
            `${category.level}-days`,
          );
        throw error;
      }
      await insertAuditEvent(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'support_category.changed',
        subjectType: 'support_category',
        subjectId: category.id,
        detail: {
          name: next.name,
          fundedDays: next.fundedDays,
          before: { name: category.name, fundedDays: category.fundedDays, description: category.description },
        },
      });
      changed++;
    }
    return changed;
  });
}

/**
 * A category's funded days never fall below what a school currently placed in it has drawn this
 * year or any year (the database refuses it too): the error names the field and the school.
 */
async function refuseBelowDrawn(tx: Scoped, tenantId: string, category: CategoryRow, fundedDays: number) {
  const beyond = await schoolsDrawnBeyond(tx, tenantId, category.id, fundedDays);
  if (beyond.length === 0) return;
  const first = beyond[0]!;
  const others =
    beyond.length > 1 ? ` (and ${beyond.length - 1} other ${beyond.length === 2 ? 'school' : 'schools'})` : '';
  throw new DomainError(
    'support_category.below_drawn',
    `The funded days for ${category.name} cannot be fewer than ${first.name} has already drawn in ${academicYearLabel(first.academicYear)}: ${formatDays(first.drawn)}${others}`,
    `${category.level}-days`,
  );
}

type Judgement = OfstedJudgement | null;

/**
 * The schools to review for a year — the schools list's own rule (the council's area, and schools
 * it has a customer account for) — each with its data, the suggestion and its current placement.
 */
export async function reviewSchools(ctx: TenantContext, academicYear: number) {
  return withTenant(ctx, async (tx) => {
    const [thresholds, categories, schools, placed, officers] = await Promise.all([
      findThresholds(tx, ctx.tenantId),
      categoriesIn(tx, ctx.tenantId),
      listTenantSchools(tx, ctx.tenantId),
      listCurrentPlacements(tx, ctx.tenantId, academicYear),
      contactOfficersByUrn(tx, ctx.tenantId),
    ]);
    const inspections = new Map(
      (
        await latestInspections(
          tx,
          schools.map((s) => s.urn),
        )
      ).map((i) => [Number(i.urn), i]),
    );
    const placements = new Map(placed.map((p) => [p.urn, p]));
    const officerOf = new Map<number, { userId: string; name: string }[]>();
    for (const o of officers) {
      const list = officerOf.get(Number(o.urn)) ?? [];
      list.push({ userId: o.userId, name: o.name });
      officerOf.set(Number(o.urn), list);
    }
    return {
      thresholds,
      categories,
      schools: schools.map((s) => {
        const inspection = inspections.get(s.urn);
        const suggestion = suggestCategory(
          {
            ks2:
              s.ks2Year === null
                ? null
                : {
                    academicYear: s.ks2Year,
                    ptrwmExp: s.ptrwmExp,
                    readProg: s.readProg,
                    writProg: s.writProg,
                    matProg: s.matProg,
                  },
            inspection: inspection
              ? {
                  inspectionDate: inspection.inspectionDate,
                  overallEffectiveness: inspection.overallEffectiveness as Judgement,
                  qualityOfEducation: inspection.qualityOfEducation as Judgement,
                }
              : null,
          },
          thresholds,
        );
        const current = placements.get(s.urn) ?? null;
        return {
          urn: s.urn,
          name: s.name,
          phase: s.phase,
          ks2Year: s.ks2Year,
          ptrwmExp: s.ptrwmExp,
          overallEffectiveness: s.overallEffectiveness,
          suggestion,
          current: current
            ? {
                level: current.level,
                name: current.categoryName,
                reason: current.reason,
                fundedDays: current.fundedDays,
              }
            : null,
          officers: officerOf.get(s.urn) ?? [],
        };
      }),
    };
  });
}

/** One school's categories over the years and its entitlement for the year (404 when not the tenant's school). */
export async function schoolCategories(ctx: TenantContext, urn: number, academicYear: number) {
  return withTenant(ctx, async (tx) => {
    const school = await findTenantSchool(tx, ctx.tenantId, urn);
    if (!school) return null;
    const [categories, history] = await Promise.all([
      categoriesIn(tx, ctx.tenantId),
      listSchoolPlacements(tx, ctx.tenantId, urn),
    ]);
    const current = history.find((p) => p.academicYear === academicYear && p.current) ?? null;
    return {
      school: { urn: school.urn, name: school.name },
      categories,
      history,
      current,
      // Core days funded this year; visits (later) draw down against (school, year).
      entitlementDays: current ? current.fundedDays : null,
    };
  });
}

export type PlaceResult =
  | { ok: true; placementId: string }
  | { ok: false; notFound: true }
  | { ok: false; conflict: true }
  | { ok: false; belowDrawn: string };

/** Someone else decided the same school and year between this decision's read and its write. */
const CONFLICT_CONSTRAINTS = ['support_placements_first', 'support_placements_tenant_id_supersedes_key'];
function isConcurrentDecision(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e?.code !== '23505') return false;
  const where = `${String(e.constraint ?? '')} ${String(e.message ?? '')}`;
  return CONFLICT_CONSTRAINTS.some((c) => where.includes(c));
}

/**
 * Places a school in a category for a year: a new decision superseding the current one (never an
 * edit), audited with the category, the reason and the suggestion it confirmed or overrode.
 */
export async function placeSchool(ctx: TenantContext, input: PlacementInput): Promise<PlaceResult> {
  try {
    return await decide(ctx, input);
  } catch (error) {
    if (isConcurrentDecision(error)) return { ok: false, conflict: true };
    throw error;
  }
}

async function decide(ctx: TenantContext, input: PlacementInput): Promise<PlaceResult> {
  return withTenant(ctx, async (tx) => {
    const school = await findTenantSchool(tx, ctx.tenantId, input.urn);
    if (!school) return { ok: false, notFound: true };
    const categories = await categoriesIn(tx, ctx.tenantId);
    const category = categories.find((c) => c.level === input.level)!;
    const history = await listSchoolPlacements(tx, ctx.tenantId, input.urn);
    const current = history.find((p) => p.academicYear === input.academicYear && p.current) ?? null;
    await lockSchoolYear(tx, ctx.tenantId, input.urn, input.academicYear);
    const drawn = await fundedDrawn(tx, ctx.tenantId, input.urn, input.academicYear);
    if (drawn > category.fundedDays * 100)
      return {
        ok: false,
        belowDrawn: `${school.name} has already drawn ${formatDays(drawn)} of core entitlement in ${academicYearLabel(input.academicYear)}, more than the ${formatDays(category.fundedDays * 100)} ${category.name} gives: choose a category with at least that many funded days, or void visits first`,
      };
    const placementId = await insertPlacement(tx, {
      tenantId: ctx.tenantId,
      urn: input.urn,
      academicYear: input.academicYear,
      categoryId: category.id,
      suggestedLevel: input.suggestedLevel,
      reason: input.reason,
      decidedBy: ctx.userId,
      supersedes: current?.id ?? null,
    });
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'support_category.placed',
      subjectType: 'school',
      subjectId: String(input.urn),
      detail: {
        school: school.name,
        year: input.academicYear,
        category: category.name,
        reason: input.reason,
        suggested: input.suggestedLevel,
        before: current ? current.categoryName : null,
      },
    });
    return { ok: true as const, placementId };
  });
}

export type { SupportLevel };

/** For the schools list's filters: each school's current category for the year and its contact officers. */
export async function schoolListExtras(ctx: TenantContext, academicYear: number) {
  return withTenant(ctx, async (tx) => {
    const council = offersCategories(ctx);
    const [categories, placed, officers] = await Promise.all([
      council ? categoriesIn(tx, ctx.tenantId) : Promise.resolve([]),
      council ? listCurrentPlacements(tx, ctx.tenantId, academicYear) : Promise.resolve([]),
      contactOfficersByUrn(tx, ctx.tenantId),
    ]);
    const categoryOf: Record<number, { level: SupportLevel; name: string }> = {};
    for (const p of placed) categoryOf[p.urn] = { level: p.level, name: p.categoryName };
    const officersOf: Record<number, string[]> = {};
    const choices = new Map<string, string>();
    for (const o of officers) {
      (officersOf[Number(o.urn)] ??= []).push(o.userId);
      choices.set(o.userId, o.name);
    }
    return {
      council,
      categories: categories.map((c) => ({ level: c.level, name: c.name })),
      categoryOf,
      officersOf,
      officerChoices: [...choices]
        .map(([userId, name]) => ({ userId, name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  });
}
