import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import type { TitleHandle } from '../components/document-title';
import { Table } from '../components/Table';
import { Tag } from '../components/Tag';
import { formatDate } from '../calendar/contract-year';
import { academicYearLabel } from '../performance/academic-year';
import { Select } from '../components/Select';
import { parseQuery } from '../forms/parse-form';
import { currentPlacementYear, schoolListExtras } from '../improvement/categories.server';
import { DATA_FILTERS, filterSchools, schoolFilters } from '../improvement/school-filters';
import { tenantSchoolList } from '../performance/school-results.server';
import { OFSTED_JUDGEMENTS, OGL_ATTRIBUTION, OGL_HREF, percentText, scoreText } from '../performance/words';

export const handle: TitleHandle = { title: 'Schools' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'improvement.view');
  const parsed = parseQuery(schoolFilters, request);
  const filters = parsed.ok ? parsed.data : {};
  const year = currentPlacementYear();
  const [list, extras] = await Promise.all([tenantSchoolList(ctx), schoolListExtras(ctx, year)]);
  const phases = [...new Set(list.schools.map((s) => s.phase).filter((p): p is string => !!p))].sort();
  return {
    slug: ctx.tenant.slug,
    canSetThresholds: providerCan(ctx.role, 'improvement.manage'),
    canReview: extras.council && providerCan(ctx.role, 'improvement.manage'),
    thresholds: list.thresholds,
    allCount: list.schools.length,
    belowCount: list.schools.filter((s) => s.concerns.length > 0).length,
    schools: filterSchools(list.schools, filters, {
      floor: list.thresholds.ptrwmExpFloor,
      categoryOf: extras.categoryOf,
      officersOf: extras.officersOf,
    }).map((s) => ({ ...s, category: extras.categoryOf[s.urn]?.name ?? null })),
    filters,
    year,
    phases,
    council: extras.council,
    categories: extras.categories,
    officerChoices: extras.officerChoices,
  };
}

export default function Schools() {
  const {
    slug,
    canSetThresholds,
    canReview,
    thresholds,
    schools,
    allCount,
    belowCount,
    filters,
    year,
    phases,
    council,
    categories,
    officerChoices,
  } = useLoaderData<typeof loader>();
  const below = belowCount;
  return (
    <>
      <h1 className="govuk-heading-l">Schools</h1>
      <p className="govuk-body">
        The schools in your area and the other schools you sell to, with their latest Key Stage 2 results and Ofsted
        inspection. {below} {below === 1 ? 'school is' : 'schools are'} below your thresholds (a floor of{' '}
        {thresholds.ptrwmExpFloor}% at the expected standard, progress scores of {scoreText(thresholds.progressLimit)}{' '}
        or more) in their latest results.
        {canSetThresholds ? (
          <>
            {' '}
            <a className="govuk-link" href={`/t/${slug}/schools/thresholds`}>
              Change the thresholds
            </a>
          </>
        ) : null}
      </p>
      {canReview ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/t/${slug}/schools/review`}>
            Review categories of support for {academicYearLabel(year)}
          </a>{' '}
          ·{' '}
          <a className="govuk-link" href={`/t/${slug}/schools/categories`}>
            Categories and funded days
          </a>{' '}
          ·{' '}
          <a className="govuk-link" href={`/t/${slug}/schools/impact`}>
            Impact by provider and practitioner
          </a>{' '}
          ·{' '}
          <a className="govuk-link" href={`/t/${slug}/brokered-support?year=${year}`}>
            Brokered support
          </a>
        </p>
      ) : null}
      {council ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/t/${slug}/schools/budget?year=${year}`}>
            School improvement budget for {academicYearLabel(year)}
          </a>
        </p>
      ) : null}
      <form method="get" className="govuk-!-margin-bottom-6">
        <div className="govuk-grid-row">
          {council ? (
            <div className="govuk-grid-column-one-quarter">
              <Select
                name="category"
                label={`Category (${academicYearLabel(year)})`}
                defaultValue={filters.category ?? ''}
                items={[
                  { value: '', label: 'Any' },
                  ...categories.map((c) => ({ value: c.level, label: c.name })),
                  { value: 'none', label: 'Not decided' },
                ]}
              />
            </div>
          ) : null}
          <div className="govuk-grid-column-one-quarter">
            <Select
              name="phase"
              label="Phase"
              defaultValue={filters.phase ?? ''}
              items={[{ value: '', label: 'Any' }, ...phases.map((p) => ({ value: p, label: p }))]}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <Select
              name="data"
              label="Data"
              defaultValue={filters.data ?? ''}
              items={[{ value: '', label: 'Any' }, ...DATA_FILTERS.map((d) => ({ value: d.value, label: d.text }))]}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <Select
              name="officer"
              label="Contact officer"
              defaultValue={filters.officer ?? ''}
              items={[
                { value: '', label: 'Any' },
                ...officerChoices.map((o) => ({ value: o.userId, label: o.name })),
                { value: 'none', label: 'None named' },
              ]}
            />
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Filter schools
        </button>{' '}
        {schools.length !== allCount ? (
          <a className="govuk-link govuk-body" href={`/t/${slug}/schools`}>
            Clear filters
          </a>
        ) : null}
      </form>
      {schools.length === 0 ? (
        <p className="govuk-body">
          {allCount === 0 ? 'There are no schools in your area yet.' : 'No schools match these filters.'}
        </p>
      ) : (
        <Table
          caption={
            schools.length === allCount ? `${schools.length} schools` : `${schools.length} of ${allCount} schools`
          }
          captionClassName="govuk-table__caption--s"
          head={[
            'School',
            'Phase',
            'Latest Key Stage 2',
            'Expected standard',
            'Against your thresholds',
            'Ofsted',
            ...(council ? [`Category ${academicYearLabel(year)}`] : []),
          ]}
          rows={schools.map((s) => [
            <a key={s.urn} className="govuk-link" href={`/t/${slug}/schools/${s.urn}`}>
              {s.name}
            </a>,
            s.phase ?? '',
            s.ks2Year === null ? 'No results' : academicYearLabel(s.ks2Year),
            s.ks2Year === null ? '' : percentText(s.ptrwmExp),
            s.concerns.length ? <Tag colour="red">Below</Tag> : s.ks2Year === null ? '' : 'At or above',
            s.inspectionDate
              ? `${s.overallEffectiveness ? OFSTED_JUDGEMENTS[s.overallEffectiveness] : 'No overall grade'} (${formatDate(s.inspectionDate)})`
              : 'Not known',
            ...(council ? [s.category ?? 'Not decided'] : []),
          ])}
        />
      )}
      <p className="govuk-body-s">
        Source: Department for Education performance tables and Ofsted inspection outcomes. {OGL_ATTRIBUTION}{' '}
        <a className="govuk-link" href={OGL_HREF}>
          Open Government Licence v3.0
        </a>
      </p>
    </>
  );
}
