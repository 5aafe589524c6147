import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import type { TitleHandle } from '../components/document-title';
import { Table } from '../components/Table';
import { Tag } from '../components/Tag';
import { formatDate } from '../calendar/contract-year';
import { academicYearLabel } from '../performance/academic-year';
import { tenantSchoolList } from '../performance/school-results.server';
import { OFSTED_JUDGEMENTS, OGL_ATTRIBUTION, OGL_HREF, percentText, scoreText } from '../performance/words';

export const handle: TitleHandle = { title: 'Schools' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'improvement.view');
  return {
    slug: ctx.tenant.slug,
    canSetThresholds: providerCan(ctx.role, 'improvement.manage'),
    ...(await tenantSchoolList(ctx)),
  };
}

export default function Schools() {
  const { slug, canSetThresholds, thresholds, schools } = useLoaderData<typeof loader>();
  const below = schools.filter((s) => s.concerns.length > 0).length;
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
      {schools.length === 0 ? (
        <p className="govuk-body">There are no schools in your area yet.</p>
      ) : (
        <Table
          caption={`${schools.length} schools`}
          captionClassName="govuk-table__caption--s"
          head={['School', 'Phase', 'Latest Key Stage 2', 'Expected standard', 'Against your thresholds', 'Ofsted']}
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
