import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import { BackLink } from '../components/BackLink';
import { BarChart } from '../components/BarChart';
import type { TitleHandle } from '../components/document-title';
import { SummaryList } from '../components/SummaryList';
import { Table } from '../components/Table';
import { Tag } from '../components/Tag';
import { formatDate } from '../calendar/contract-year';
import { currentPlacementYear, offersCategories, schoolCategories } from '../improvement/categories.server';
import { SchoolCategorySection } from '../improvement/SchoolCategorySection';
import { formatDays } from '../improvement/entitlement';
import { entitlementSummary } from '../improvement/visits.server';
import { academicYearLabel } from '../performance/academic-year';
import { resultsView } from '../performance/results-view';
import { schoolResults } from '../performance/school-results.server';
import { OFSTED_JUDGEMENTS, OGL_ATTRIBUTION, OGL_HREF, scoreText } from '../performance/words';

export const handle: TitleHandle = { title: 'School performance' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'improvement.view');
  const urn = /^\d{1,9}$/.test(params.urn ?? '') ? Number(params.urn) : null;
  if (urn === null || urn <= 0) throw notFound();
  const found = await schoolResults(ctx, urn);
  if (!found) throw notFound();
  const year = currentPlacementYear();
  const categories = offersCategories(ctx) ? await schoolCategories(ctx, urn, year) : null;
  const entitlement = categories ? { year, ...(await entitlementSummary(ctx, urn, year)) } : null;
  return {
    slug: ctx.tenant.slug,
    canSetThresholds: providerCan(ctx.role, 'improvement.manage'),
    entitlement,
    ...found,
    support: categories
      ? {
          year,
          canChange: providerCan(ctx.role, 'improvement.manage'),
          current: categories.current
            ? {
                level: categories.current.level,
                name: categories.current.categoryName,
                reason: categories.current.reason,
              }
            : null,
          entitlementDays: categories.entitlementDays,
          history: categories.history,
        }
      : null,
  };
}

const OFSTED_ROWS = [
  ['qualityOfEducation', 'Quality of education'],
  ['behaviourAndAttitudes', 'Behaviour and attitudes'],
  ['personalDevelopment', 'Personal development'],
  ['leadershipAndManagement', 'Leadership and management'],
  ['earlyYears', 'Early years provision'],
  ['sixthForm', 'Sixth form provision'],
] as const;

export default function SchoolPerformance() {
  const { slug, canSetThresholds, entitlement, school, thresholds, results, inspections, support } =
    useLoaderData<typeof loader>();
  const view = resultsView(results, thresholds);
  const latest = inspections[0] ?? null;
  const floor = `${thresholds.ptrwmExpFloor}%`;
  const limit = scoreText(thresholds.progressLimit);
  return (
    <>
      <BackLink href={`/t/${slug}/schools`}>Back to schools</BackLink>
      <span className="govuk-caption-l">
        URN {school.urn}
        {school.laName ? `, ${school.laName}` : ''}
      </span>
      <h1 className="govuk-heading-l">{school.name}</h1>
      <p className="govuk-body">
        {[school.phase, school.typeOfEstablishment, school.town].filter(Boolean).join(' · ')}
      </p>

      {support ? <SchoolCategorySection slug={slug} urn={school.urn} support={support} /> : null}
      {entitlement ? (
        <p className="govuk-body">
          Core entitlement in {academicYearLabel(entitlement.year)}: {formatDays(entitlement.drawnHundredths)} drawn of{' '}
          {formatDays(entitlement.entitledHundredths)}, {formatDays(entitlement.remainingHundredths)} remaining
          {entitlement.tradedHundredths > 0 ? `; ${formatDays(entitlement.tradedHundredths)} traded` : ''}.{' '}
          <a className="govuk-link" href={`/t/${slug}/schools/${school.urn}/visits`}>
            Visits
          </a>
          {canSetThresholds ? (
            <>
              {' · '}
              <a className="govuk-link" href={`/t/${slug}/schools/${school.urn}/visits/new`}>
                Log a visit
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      {support?.canChange ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/t/${slug}/schools/${school.urn}/broker?year=${support.year}`}>
            Broker support
          </a>{' '}
          ·{' '}
          <a className="govuk-link" href={`/t/${slug}/brokered-support?year=${support.year}`}>
            Brokered support
          </a>
        </p>
      ) : null}

      <h2 className="govuk-heading-m">Key Stage 2 results</h2>
      <p className="govuk-body">
        Your thresholds: at least {floor} of pupils meeting the expected standard in reading, writing and maths, and
        progress scores of {limit} or more.
        {canSetThresholds ? (
          <>
            {' '}
            <a className="govuk-link" href={`/t/${slug}/schools/thresholds`}>
              Change the thresholds
            </a>
          </>
        ) : null}
      </p>
      {results.length === 0 ? (
        <p className="govuk-body">There are no Key Stage 2 results for this school.</p>
      ) : (
        <>
          <BarChart
            id="attainment-chart"
            title={`Pupils meeting the expected and higher standards in reading, writing and maths, ${school.name}`}
            description={`Bar chart by academic year of the percentage of pupils at the expected standard and at the higher standard, with a dashed line at your floor of ${floor}. The table "Key Stage 2 results by year" below gives the same numbers.`}
            categories={view.attainment.categories}
            series={view.attainment.series}
            formatValue={(v) => `${v}%`}
            marker={{ value: thresholds.ptrwmExpFloor, label: `Floor ${floor}` }}
          />
          {view.progress ? (
            <BarChart
              id="progress-chart"
              title={`Progress scores in reading, writing and maths, ${school.name}`}
              description={`Bar chart by academic year of the reading, writing and maths progress scores, with a dashed line at your limit of ${limit}. Years without progress scores are left out. The table "Key Stage 2 results by year" below gives the same numbers.`}
              categories={view.progress.categories}
              series={view.progress.series}
              formatValue={scoreText}
              marker={{ value: thresholds.progressLimit, label: `Limit ${limit}` }}
            />
          ) : null}
          <Table
            caption="Key Stage 2 results by year"
            captionClassName="govuk-table__caption--s"
            head={[
              'Academic year',
              'Pupils at the end of Key Stage 2',
              'Expected standard',
              'Higher standard',
              'Reading progress',
              'Writing progress',
              'Maths progress',
              'Against your thresholds',
            ]}
            firstCellIsHeader
            rows={view.table.map((r) => [
              r.year,
              r.pupils,
              r.expected,
              r.higher,
              r.reading,
              r.writing,
              r.maths,
              r.concerns.length ? (
                <ul className="govuk-list" key={r.year}>
                  {r.concerns.map((c) => (
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
            Expected and higher standard: the percentage of pupils reaching it in reading, writing and maths. &ldquo;No
            value&rdquo; means the figure was suppressed, not published or not applicable, not zero.
          </p>
        </>
      )}

      {support ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/t/${slug}/schools/${school.urn}/impact`}>
            Impact and progress reviews
          </a>
        </p>
      ) : null}

      <h2 className="govuk-heading-m">Ofsted</h2>
      {latest ? (
        <SummaryList
          rows={[
            { key: 'Latest inspection', value: formatDate(latest.inspectionDate) },
            {
              key: 'Overall effectiveness',
              value: latest.overallEffectiveness
                ? OFSTED_JUDGEMENTS[latest.overallEffectiveness]
                : 'No overall grade (Ofsted has given none since September 2024)',
            },
            ...OFSTED_ROWS.filter(([field]) => latest[field] !== null).map(([field, label]) => ({
              key: label,
              value: OFSTED_JUDGEMENTS[latest[field]!],
            })),
          ]}
        />
      ) : (
        <p className="govuk-body">There is no Ofsted inspection for this school in the service.</p>
      )}
      {inspections.length > 1 ? (
        <Table
          caption="Earlier inspections"
          captionClassName="govuk-table__caption--s"
          head={['Date', 'Overall effectiveness']}
          rows={inspections
            .slice(1)
            .map((i) => [
              formatDate(i.inspectionDate),
              i.overallEffectiveness ? OFSTED_JUDGEMENTS[i.overallEffectiveness] : 'No overall grade',
            ])}
        />
      ) : null}
      <p className="govuk-body-s">
        Source: Department for Education performance tables and Ofsted inspection outcomes. {OGL_ATTRIBUTION}{' '}
        <a className="govuk-link" href={OGL_HREF}>
          Open Government Licence v3.0
        </a>
      </p>
    </>
  );
}
