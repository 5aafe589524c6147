import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { NotificationBanner } from '../components/NotificationBanner';
import { Table } from '../components/Table';
import { Tag } from '../components/Tag';
import { currentPlacementYear, requireCouncilImprovement, reviewSchools } from '../improvement/categories.server';
import { SUGGESTION_RULE } from '../improvement/suggest-category';
import { academicYearLabel, readAcademicYear } from '../performance/academic-year';
import { percentText } from '../performance/words';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Review categories of support' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, 'improvement.manage');
  const url = new URL(request.url);
  const asked = url.searchParams.get('year');
  const year = (asked && (/^\d{4}$/.test(asked) ? Number(asked) : readAcademicYear(asked))) || currentPlacementYear();
  const review = await reviewSchools(ctx, year);
  return {
    slug: ctx.tenant.slug,
    year,
    saved: url.searchParams.get('categories') === 'saved',
    placed: url.searchParams.get('placed'),
    ...review,
  };
}

export default function ReviewCategories() {
  const { slug, year, saved, placed, thresholds, categories, schools } = useLoaderData<typeof loader>();
  const csrf = useCsrfToken();
  const nameOf = (level: string) => categories.find((c) => c.level === level)?.name ?? level;
  const label = academicYearLabel(year);
  const undecided = schools.filter((s) => !s.current).length;
  const placedSchool = placed ? schools.find((s) => String(s.urn) === placed) : undefined;
  return (
    <>
      {saved ? <NotificationBanner type="success" heading="Categories saved" /> : null}
      {placedSchool?.current ? (
        <NotificationBanner
          type="success"
          heading={`${placedSchool.name} placed in ${placedSchool.current.name} for ${label}`}
        />
      ) : null}
      <h1 className="govuk-heading-l">Review categories for {label}</h1>
      <p className="govuk-body">
        {schools.length} schools: your maintained schools and the academies that buy from you.{' '}
        {undecided === 0 ? 'Every school has a category.' : `${undecided} still to decide.`}{' '}
        <a className="govuk-link" href={`/t/${slug}/schools/categories`}>
          Change the categories and their funded days
        </a>
      </p>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">How the suggestion is made</span>
        </summary>
        <div className="govuk-details__text">
          <p className="govuk-body">{SUGGESTION_RULE}</p>
          <p className="govuk-body">
            Your thresholds: a floor of {thresholds.ptrwmExpFloor}% and a progress limit of{' '}
            {thresholds.progressLimit.toFixed(1)}.{' '}
            <a className="govuk-link" href={`/t/${slug}/schools/thresholds`}>
              Change the thresholds
            </a>
          </p>
        </div>
      </details>
      <p className="govuk-body">
        Categories:{' '}
        {categories.map((c, i) => (
          <span key={c.level}>
            {i > 0 ? '; ' : ''}
            {c.name} ({c.fundedDays} funded {c.fundedDays === 1 ? 'day' : 'days'})
          </span>
        ))}
        .
      </p>
      {schools.length === 0 ? (
        <p className="govuk-body">There are no schools in your area yet.</p>
      ) : (
        <Table
          caption={`Schools and their categories for ${label}`}
          captionClassName="govuk-table__caption--s"
          head={['School', 'Expected standard', 'Suggested', 'Category', '']}
          rows={schools.map((s) => [
            <a key="school" className="govuk-link" href={`/t/${slug}/schools/${s.urn}`}>
              {s.name}
            </a>,
            s.ks2Year === null ? 'No results' : `${percentText(s.ptrwmExp)} (${academicYearLabel(s.ks2Year)})`,
            <span key="suggested">
              <strong>{nameOf(s.suggestion.level)}</strong>
              {` — ${s.suggestion.words.slice(s.suggestion.level.length + 3)}`}
            </span>,
            s.current ? (
              <span key="current">
                <Tag
                  colour={s.current.level === 'intensive' ? 'red' : s.current.level === 'targeted' ? 'yellow' : 'green'}
                >
                  {s.current.name}
                </Tag>{' '}
                {s.current.reason}
              </span>
            ) : (
              'Not decided'
            ),
            <div key="decide">
              {s.current ? null : (
                // Confirming the suggestion here posts to the school's own decision page, which
                // shows any error (a blank reason) in its error summary; no JavaScript needed.
                <form method="post" action={`/t/${slug}/schools/${s.urn}/category`} noValidate>
                  <CsrfInput token={csrf} />
                  <input type="hidden" name="academicYear" value={String(year)} />
                  <input type="hidden" name="level" value={s.suggestion.level} />
                  <input type="hidden" name="suggestedLevel" value={s.suggestion.level} />
                  <div className="govuk-form-group govuk-!-margin-bottom-2">
                    <label className="govuk-label govuk-label--s" htmlFor={`reason-${s.urn}`}>
                      Reason
                      <span className="govuk-visually-hidden">
                        {' '}
                        for placing {s.name} in {nameOf(s.suggestion.level)}
                      </span>
                    </label>
                    <textarea className="govuk-textarea" id={`reason-${s.urn}`} name="reason" rows={2} />
                  </div>
                  <button
                    type="submit"
                    className="govuk-button govuk-button--secondary govuk-!-margin-bottom-2"
                    data-module="govuk-button"
                  >
                    Confirm {nameOf(s.suggestion.level)}
                    <span className="govuk-visually-hidden"> for {s.name}</span>
                  </button>
                </form>
              )}
              <a className="govuk-link" href={`/t/${slug}/schools/${s.urn}/category?year=${year}`}>
                {s.current ? 'Change' : 'Choose another'}
                <span className="govuk-visually-hidden"> category for {s.name}</span>
              </a>
            </div>,
          ])}
        />
      )}
    </>
  );
}
