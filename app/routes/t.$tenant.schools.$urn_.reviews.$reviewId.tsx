import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { notFound } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { formatDate, londonToday } from '../calendar/contract-year';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import { DateInput, partsFrom } from '../components/DateInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { SummaryList } from '../components/SummaryList';
import { Tag } from '../components/Tag';
import { Textarea } from '../components/Textarea';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { requireCouncilImprovement } from '../improvement/categories.server';
import { completeAction } from '../improvement/complete-review-action.server';
import {
  actionPositionForm,
  completeActionForm,
  completionDates,
  completionFields,
} from '../improvement/progress-review-forms';
import { progressReview } from '../improvement/progress-reviews.server';
import { academicYearLabel } from '../performance/academic-year';
import { useCsrfToken } from '../root';
import { REVIEW_ACTION_STATES, reviewActionState } from '../vocabulary';

export const handle: TitleHandle = { title: 'Progress review group' };

const ids = (params: Record<string, string | undefined>) => {
  const urn = /^\d{1,9}$/.test(params.urn ?? '') ? Number(params.urn) : 0;
  if (urn <= 0 || !isUuid(params.reviewId)) throw notFound();
  return { urn, reviewId: params.reviewId };
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, 'improvement.view');
  const { urn, reviewId } = ids(params);
  const found = await progressReview(ctx, urn, reviewId);
  if (!found) throw notFound();
  const query = new URL(request.url).searchParams;
  return {
    slug: ctx.tenant.slug,
    canManage: providerCan(ctx.role, 'improvement.manage'),
    recorded: query.get('recorded') === '1',
    completed: /^\d{1,2}$/.test(query.get('completed') ?? '') ? Number(query.get('completed')) : null,
    today: londonToday(),
    ...found,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, 'improvement.manage');
  const { urn, reviewId } = ids(params);
  const form = await readForm(request);
  const which = parseForm(actionPositionForm, form);
  if (!which.ok) throw notFound();
  const position = which.data.position;
  const parsed = parseForm(completeActionForm(position), form, completionDates(position));
  if (!parsed.ok) return data({ position, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const done = await completeAction(ctx, urn, reviewId, parsed.data);
  if (done.ok) return redirect(`/t/${ctx.tenant.slug}/schools/${urn}/reviews/${reviewId}?completed=${position}`);
  if ('notFound' in done) throw notFound();
  return data({ position, errors: done.errors, values: parsed.values }, { status: 409 });
}

export default function ProgressReview() {
  const { slug, canManage, recorded, completed, today, school, review, actions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  return (
    <>
      <BackLink href={`/t/${slug}/schools/${school.urn}/impact`}>Back to impact and progress reviews</BackLink>
      <ErrorSummary errors={errors} />
      {recorded ? <NotificationBanner type="success" heading="The progress review group has been recorded" /> : null}
      {completed !== null && errors.length === 0 ? (
        <NotificationBanner type="success" heading={`Action ${completed} has been marked complete`} />
      ) : null}
      <span className="govuk-caption-l">
        {school.name}, URN {school.urn}
      </span>
      <h1 className="govuk-heading-l">Progress review group, {formatDate(review.metOn)}</h1>
      <SummaryList
        rows={[
          { key: 'Academic year', value: academicYearLabel(review.academicYear) },
          { key: 'Met on', value: formatDate(review.metOn) },
          { key: 'Who attended', value: <span>{review.attendees}</span> },
          { key: 'What was reviewed', value: <span>{review.reviewed}</span> },
          { key: 'Recorded by', value: review.recordedBy },
        ]}
      />
      <h2 className="govuk-heading-m">Actions</h2>
      {actions.length === 0 ? <p className="govuk-body">The group agreed no actions.</p> : null}
      {actions.map((a) => {
        const state = REVIEW_ACTION_STATES[reviewActionState(a, today)];
        const fields = completionFields(a.position);
        return (
          <section className="govuk-!-margin-bottom-8" key={a.id} aria-labelledby={`action-${a.position}-title`}>
            <h3 className="govuk-heading-s" id={`action-${a.position}-title`}>
              Action {a.position} <Tag colour={state.colour}>{state.label}</Tag>
            </h3>
            <SummaryList
              rows={[
                { key: 'Action', value: <span>{a.action}</span> },
                { key: 'Owner', value: a.owner },
                { key: 'Due', value: formatDate(a.dueOn) },
                ...(a.completedOn
                  ? [
                      {
                        key: 'Completed',
                        value: `${formatDate(a.completedOn)}${a.completedBy ? `, marked by ${a.completedBy}` : ''}`,
                      },
                      ...(a.completionNote ? [{ key: 'Note', value: a.completionNote }] : []),
                    ]
                  : []),
              ]}
            />
            {!a.completedOn && canManage ? (
              <form method="post" noValidate>
                <CsrfInput token={csrf} />
                <input type="hidden" name="position" value={String(a.position)} />
                <DateInput
                  name={fields.date}
                  legend={`When was action ${a.position} completed?`}
                  error={fieldError(errors, fields.date)}
                  defaultValue={result?.position === a.position ? partsFrom(values, fields.date) : {}}
                />
                <Textarea
                  name={fields.note}
                  label={`What was done (optional, action ${a.position})`}
                  defaultValue={result?.position === a.position ? (values[fields.note] ?? '') : ''}
                  error={fieldError(errors, fields.note)}
                  rows={2}
                />
                <Button variant="secondary">Mark action {a.position} complete</Button>
              </form>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
