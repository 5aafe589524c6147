import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import type { TitleHandle } from '../components/document-title';
import { Select } from '../components/Select';
import { Table } from '../components/Table';
import { requireCouncilImprovement } from '../improvement/categories.server';
import { impactByProvider } from '../improvement/impact.server';
import {
  PRACTITIONER_HEAD,
  PROVIDER_HEAD,
  practitionerRows,
  providerRows,
  yearAsked,
  yearWords,
} from '../improvement/impact-tables';
import { academicYearLabel } from '../performance/academic-year';

export const handle: TitleHandle = { title: 'Impact by provider and practitioner' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, 'improvement.manage');
  const year = yearAsked(request);
  const found = await impactByProvider(ctx, year);
  return { slug: ctx.tenant.slug, year, ...found };
}

export default function ImpactByProvider() {
  const { slug, year, years, providers, practitioners } = useLoaderData<typeof loader>();
  const csv = (table: string) => `/t/${slug}/schools/impact.csv?table=${table}${year ? `&year=${year}` : ''}`;
  return (
    <>
      <BackLink href={`/t/${slug}/schools`}>Back to schools</BackLink>
      <h1 className="govuk-heading-l">Impact by provider and practitioner</h1>
      <p className="govuk-body">
        The support your schools were given, by the council itself and by each provider you brokered support from, the
        feedback schools gave, and whether each school’s results rose or fell by the end of the year it was supported
        (the share of pupils at the expected standard in reading, writing and maths, against the year before).
      </p>
      <form method="get" noValidate>
        <Select
          name="year"
          label="Academic year"
          items={[
            { value: '', label: 'Every year' },
            ...years.map((y) => ({ value: String(y), label: academicYearLabel(y) })),
          ]}
          defaultValue={year ? String(year) : ''}
        />
        <Button variant="secondary">Show</Button>
      </form>

      <Table
        caption={`By provider, ${yearWords(year)}`}
        captionClassName="govuk-table__caption--m"
        head={PROVIDER_HEAD}
        firstCellIsHeader
        rows={providerRows(providers)}
      />
      <p className="govuk-body-s">
        Days delivered: the council’s visits and other traded school improvement days; for a brokered provider, the days
        its buyer confirmed. A school counts once for each year it was supported.{' '}
        <a className="govuk-link" href={csv('providers')} download>
          Download by provider (CSV)
        </a>
      </p>

      <Table
        caption={`By practitioner, ${yearWords(year)}`}
        captionClassName="govuk-table__caption--m"
        head={PRACTITIONER_HEAD}
        firstCellIsHeader
        rows={practitionerRows(practitioners)}
      />
      {practitioners.length === 0 ? (
        <p className="govuk-body">No visits or school improvement days have been recorded for this period.</p>
      ) : null}
      <p className="govuk-body-s">
        Feedback is credited to each practitioner who delivered on the line the school rated.{' '}
        <a className="govuk-link" href={csv('practitioners')} download>
          Download by practitioner (CSV)
        </a>
      </p>
    </>
  );
}
