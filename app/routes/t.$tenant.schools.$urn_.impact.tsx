import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { notFound } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { formatDate, londonToday } from '../calendar/contract-year';
import { BackLink } from '../components/BackLink';
import { BarChart } from '../components/BarChart';
import type { TitleHandle } from '../components/document-title';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { Tag } from '../components/Tag';
import { requireCouncilImprovement } from '../improvement/categories.server';
import { schoolImpactPage } from '../improvement/impact.server';
import { daysText, FUNDED_BY, ratingText, RESULT_CHANGES } from '../improvement/impact-words';
import { academicYearLabel } from '../performance/academic-year';
import { percentText, scoreText } from '../performance/words';
import { LINE_STATES, REVIEW_ACTION_STATES, reviewActionState } from '../vocabulary';

export const handle: TitleHandle = { title: 'Impact and progress reviews' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, 'improvement.view');
  const urn = /^\d{1,9}$/.test(params.urn ?? '') ? Number(params.urn) : 0;
  if (urn <= 0) throw notFound();
  const found = await schoolImpactPage(ctx, urn);
  if (!found) throw notFound();
  return {
    slug: ctx.tenant.slug,
    canManage: providerCan(ctx.role, 'improvement.manage'),
    today: londonToday(),
    ...found,
  };
}

type Result = {
  academicYear: number;
  ptrwmExp: number | null;
  readProg: number | null;
  writProg: number | null;
  matProg: number | null;
} | null;

const resultWords = (r: Result) =>
  r
    ? `${academicYearLabel(r.academicYear)}: ${percentText(r.ptrwmExp)} at the expected standard; progress reading ${scoreText(r.readProg)}, writing ${scoreText(r.writProg)}, maths ${scoreText(r.matProg)}`
    : 'No results';

export default function SchoolImpact() {
  const { slug, canManage, today, school, thresholds, years, reviews } = useLoaderData<typeof loader>();
  const withResults = [...years].reverse().filter((y) => y.before || y.after);
  return (
    <>
      <BackLink href={`/t/${slug}/schools/${school.urn}`}>Back to {school.name}</BackLink>
      <span className="govuk-caption-l">
        {school.name}, URN {school.urn}
      </span>
      <h1 className="govuk-heading-l">Impact and progress reviews</h1>
      <p className="govuk-body">
        Each year’s category, the support given, and the Key Stage 2 results before the year and at its end, against
        your thresholds: at least {thresholds.ptrwmExpFloor}% at the expected standard and progress scores of{' '}
        {scoreText(thresholds.progressLimit)} or more.
      </p>

      <h2 className="govuk-heading-m">Progress review groups</h2>
      {canManage ? (
        <p className="govuk-body">
          <a className="govuk-button govuk-button--secondary" href={`/t/${slug}/schools/${school.urn}/reviews/new`}>
            Record a progress review group
          </a>
        </p>
      ) : null}
      {reviews.length === 0 ? (
        <p className="govuk-body">No progress review group has been recorded for this school.</p>
      ) : (
        <Table
          caption="Progress review groups"
          captionClassName="govuk-table__caption--s"
          head={['Met on', 'Academic year', 'Actions', 'Recorded by']}
          firstCellIsHeader
          rows={reviews.map((r) => {
            const states = r.actions.map((a) => reviewActionState(a, today));
            const count = (s: string) => states.filter((x) => x === s).length;
            return [
              <a className="govuk-link" href={`/t/${slug}/schools/${school.urn}/reviews/${r.id}`} key={r.id}>
                {formatDate(r.metOn)}
              </a>,
              academicYearLabel(r.academicYear),
              r.actions.length === 0
                ? 'None agreed'
                : (['complete', 'open', 'overdue'] as const)
                    .filter((s) => count(s) > 0)
                    .map((s) => `${count(s)} ${REVIEW_ACTION_STATES[s].phrase}`)
                    .join(', '),
              r.recordedBy,
            ];
          })}
        />
      )}

      <h2 className="govuk-heading-m">Results against the support given</h2>
      {years.length === 0 ? (
        <p className="govuk-body">This school has not been placed in a category or given support in the service.</p>
      ) : (
        <>
          {withResults.some((y) => y.after?.ptrwmExp != null || y.before?.ptrwmExp != null) ? (
            <BarChart
              id="impact-chart"
              title={`Pupils at the expected standard before and after each year of support, ${school.name}`}
              description={`Bar chart by academic year of support of the percentage of pupils meeting the expected standard in reading, writing and maths in the results before the year and at its end, with a dashed line at your floor of ${thresholds.ptrwmExpFloor}%. The table below gives the same numbers.`}
              categories={withResults.map((y) => academicYearLabel(y.academicYear))}
              series={[
                { name: 'Before the year', values: withResults.map((y) => y.before?.ptrwmExp ?? null) },
                { name: 'At the end of the year', values: withResults.map((y) => y.after?.ptrwmExp ?? null) },
              ]}
              formatValue={(v) => `${v}%`}
              marker={{ value: thresholds.ptrwmExpFloor, label: `Floor ${thresholds.ptrwmExpFloor}%` }}
            />
          ) : null}
          <Table
            caption="Support and results by academic year"
            captionClassName="govuk-table__caption--s"
            head={[
              'Academic year',
              'Category',
              'Days of support',
              'Feedback',
              'Expected standard before',
              'Expected standard at the end',
              'Change',
              'Progress at the end (reading, writing, maths)',
              'Against your thresholds',
            ]}
            firstCellIsHeader
            rows={years.map((y) => [
              academicYearLabel(y.academicYear),
              y.category?.name ?? 'Not placed',
              daysText(
                y.council.daysHundredths +
                  y.tradedHundredths +
                  y.brokered.reduce((n, b) => n + b.confirmedHundredths, 0),
              ),
              ratingText(y.feedback.averageRating, y.feedback.count),
              y.before
                ? `${percentText(y.before.ptrwmExp)} (${academicYearLabel(y.before.academicYear)})`
                : 'No results',
              y.after ? percentText(y.after.ptrwmExp) : 'No results yet',
              RESULT_CHANGES[y.change],
              y.after
                ? [y.after.readProg, y.after.writProg, y.after.matProg].map(scoreText).join(', ')
                : 'No results yet',
              y.afterConcerns === null ? (
                'No results yet'
              ) : y.afterConcerns.length ? (
                <ul className="govuk-list" key={y.academicYear}>
                  {y.afterConcerns.map((c) => (
                    <li key={c}>
                      <Tag colour="red">Below</Tag> {c}
                    </li>
                  ))}
                </ul>
              ) : (
                'At or above'
              ),
            ])}
          />
          <p className="govuk-body-s">
            Days of support: the council’s visits, its other traded days delivered, and brokered days the provider has
            had confirmed. Feedback is on the council’s own school improvement work; brokered feedback is under each
            year below.
          </p>

          {years.map((y) => (
            <section key={y.academicYear} aria-labelledby={`year-${y.academicYear}`}>
              <h3 className="govuk-heading-s" id={`year-${y.academicYear}`}>
                {academicYearLabel(y.academicYear)}
              </h3>
              <SummaryList
                rows={[
                  {
                    key: 'Category',
                    value: y.category ? `${y.category.name}: ${y.category.reason}` : 'Not placed in a category',
                  },
                  {
                    key: 'Council visits',
                    value:
                      y.council.visits === 0
                        ? 'None'
                        : `${y.council.visits} ${y.council.visits === 1 ? 'visit' : 'visits'}, ${daysText(y.council.daysHundredths)} (${daysText(y.council.fundedHundredths)} funded, ${daysText(y.council.tradedHundredths)} traded), by ${y.council.practitioners.join(', ')}`,
                  },
                  {
                    key: 'Other traded days delivered',
                    value: y.tradedHundredths === 0 ? 'None' : daysText(y.tradedHundredths),
                  },
                  {
                    key: 'Brokered support',
                    value:
                      y.brokered.length === 0 ? (
                        'None'
                      ) : (
                        <ul className="govuk-list">
                          {y.brokered.map((b) => (
                            <li key={b.reference}>
                              {b.reference}: {b.provider}, {b.serviceName}. {daysText(b.daysHundredths)} brokered,{' '}
                              {FUNDED_BY[b.fundedBy] ?? b.fundedBy}; {daysText(b.confirmedHundredths)} confirmed
                              {b.lineStatus && b.lineStatus in LINE_STATES
                                ? ` (${LINE_STATES[b.lineStatus as keyof typeof LINE_STATES].phrase})`
                                : ''}
                              . {ratingText(b.averageRating, b.feedbackCount)}.
                            </li>
                          ))}
                        </ul>
                      ),
                  },
                  {
                    key: 'Feedback from the school',
                    value:
                      y.feedback.count === 0 ? (
                        'No feedback'
                      ) : (
                        <>
                          <p className="govuk-body">{ratingText(y.feedback.averageRating, y.feedback.count)}</p>
                          {y.feedback.whatChanged.length > 0 ? (
                            <ul className="govuk-list govuk-list--bullet">
                              {y.feedback.whatChanged.map((f, i) => (
                                <li key={i}>
                                  “{f.text}” ({f.rating} out of 5, {formatDate(f.givenOn)})
                                </li>
                              ))}
                            </ul>
                          ) : null}
                        </>
                      ),
                  },
                  {
                    key: 'Progress review groups',
                    value:
                      y.reviews.reviews === 0
                        ? 'None'
                        : `${y.reviews.reviews} ${y.reviews.reviews === 1 ? 'meeting' : 'meetings'}; ${y.reviews.actions} ${y.reviews.actions === 1 ? 'action' : 'actions'}: ${y.reviews.completed} complete, ${y.reviews.open} open${y.reviews.overdue ? ` (${y.reviews.overdue} overdue)` : ''}`,
                  },
                  { key: 'Results before the year', value: resultWords(y.before) },
                  { key: 'Results at the end of the year', value: resultWords(y.after) },
                ]}
              />
            </section>
          ))}
        </>
      )}
    </>
  );
}
