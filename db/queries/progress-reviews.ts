import { sql } from 'kysely';
import type { Scoped } from '../scope.server';

/** Progress review groups and their actions (RLS: the tenant's own). */

export async function insertProgressReview(
  tx: Scoped,
  row: {
    tenantId: string;
    urn: number;
    academicYear: number;
    metOn: string;
    attendees: string;
    reviewed: string;
    recordedBy: string;
  },
): Promise<string> {
  const inserted = await tx
    .insertInto('progress_reviews')
    .values({
      tenant_id: row.tenantId,
      urn: row.urn,
      academic_year: row.academicYear,
      met_on: row.metOn,
      attendees: row.attendees,
      reviewed: row.reviewed,
      recorded_by: row.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function insertReviewActions(
  tx: Scoped,
  tenantId: string,
  reviewId: string,
  actions: ReadonlyArray<{ position: number; action: string; owner: string; dueOn: string }>,
): Promise<void> {
  if (actions.length === 0) return;
  await tx
    .insertInto('progress_review_actions')
    .values(
      actions.map((a) => ({
        tenant_id: tenantId,
        review_id: reviewId,
        position: a.position,
        action: a.action,
        owner: a.owner,
        due_on: a.dueOn,
      })),
    )
    .execute();
}

export interface ProgressReviewRow {
  id: string;
  urn: number;
  academicYear: number;
  metOn: string;
  attendees: string;
  reviewed: string;
  recordedBy: string;
  recordedAt: Date;
}

export async function findProgressReview(
  tx: Scoped,
  tenantId: string,
  reviewId: string,
): Promise<ProgressReviewRow | undefined> {
  return tx
    .selectFrom('progress_reviews as r')
    .innerJoin('users as u', 'u.id', 'r.recorded_by')
    .select([
      'r.id',
      'r.urn',
      'r.academic_year as academicYear',
      sql<string>`r.met_on::text`.as('metOn'),
      'r.attendees',
      'r.reviewed',
      'u.name as recordedBy',
      'r.recorded_at as recordedAt',
    ])
    .where('r.tenant_id', '=', tenantId)
    .where('r.id', '=', reviewId)
    .executeTakeFirst();
}

export interface ReviewActionRow {
  id: string;
  reviewId: string;
  position: number;
  action: string;
  owner: string;
  dueOn: string;
  completedOn: string | null;
  completedBy: string | null;
  completionNote: string;
}

export async function listReviewActions(tx: Scoped, tenantId: string, reviewIds: string[]): Promise<ReviewActionRow[]> {
  if (reviewIds.length === 0) return [];
  return tx
    .selectFrom('progress_review_actions as a')
    .leftJoin('users as u', 'u.id', 'a.completed_by')
    .select([
      'a.id',
      'a.review_id as reviewId',
      'a.position',
      'a.action',
      'a.owner',
      sql<string>`a.due_on::text`.as('dueOn'),
      sql<string | null>`a.completed_on::text`.as('completedOn'),
      'u.name as completedBy',
      'a.completion_note as completionNote',
    ])
    .where('a.tenant_id', '=', tenantId)
    .where('a.review_id', 'in', reviewIds)
    .orderBy('a.review_id')
    .orderBy('a.position')
    .execute();
}

/** A school's reviews, newest meeting first. */
export async function listSchoolReviews(tx: Scoped, tenantId: string, urn: number): Promise<ProgressReviewRow[]> {
  return tx
    .selectFrom('progress_reviews as r')
    .innerJoin('users as u', 'u.id', 'r.recorded_by')
    .select([
      'r.id',
      'r.urn',
      'r.academic_year as academicYear',
      sql<string>`r.met_on::text`.as('metOn'),
      'r.attendees',
      'r.reviewed',
      'u.name as recordedBy',
      'r.recorded_at as recordedAt',
    ])
    .where('r.tenant_id', '=', tenantId)
    .where('r.urn', '=', urn)
    .orderBy('r.met_on', 'desc')
    .orderBy('r.recorded_at', 'desc')
    .execute();
}

/** Completes an open action; 0 when it was already completed (or is not the tenant's). */
export async function completeReviewAction(
  tx: Scoped,
  tenantId: string,
  actionId: string,
  values: { completedOn: string; completedBy: string; note: string },
): Promise<number> {
  const result = await tx
    .updateTable('progress_review_actions')
    .set({
      completed_on: values.completedOn,
      completed_by: values.completedBy,
      completed_at: sql<Date>`now()`,
      completion_note: values.note,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', actionId)
    .where('completed_on', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
