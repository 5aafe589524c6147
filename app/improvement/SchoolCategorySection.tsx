import { Table } from '../components/Table';
import { Tag } from '../components/Tag';
import { academicYearLabel } from '../performance/academic-year';
import type { SupportLevel } from '../../db/tables/support-categories';

export interface SchoolSupport {
  year: number;
  canChange: boolean;
  current: { level: SupportLevel; name: string; reason: string } | null;
  entitlementDays: number | null;
  history: Array<{
    id: string;
    academicYear: number;
    categoryName: string;
    reason: string;
    decidedBy: string;
    decidedAt: string | Date;
    current: boolean;
  }>;
}

const colour = (level: SupportLevel) => (level === 'intensive' ? 'red' : level === 'targeted' ? 'yellow' : 'green');

const when = (at: string | Date) =>
  new Date(at).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });

/** A school's category of support for the year, its funded core days, and every decision made. */
export function SchoolCategorySection({ slug, urn, support }: { slug: string; urn: number; support: SchoolSupport }) {
  const label = academicYearLabel(support.year);
  return (
    <>
      <h2 className="govuk-heading-m">Category of support</h2>
      {support.current ? (
        <p className="govuk-body">
          <Tag colour={colour(support.current.level)}>{support.current.name}</Tag> for {label}: {support.current.reason}
        </p>
      ) : (
        <p className="govuk-body">Not yet placed in a category for {label}.</p>
      )}
      <p className="govuk-body">
        Core entitlement for {label}:{' '}
        {support.entitlementDays === null
          ? 'none until the school is placed in a category'
          : `${support.entitlementDays} funded ${support.entitlementDays === 1 ? 'day' : 'days'} of school improvement`}
        .
        {support.canChange ? (
          <>
            {' '}
            <a className="govuk-link" href={`/t/${slug}/schools/${urn}/category?year=${support.year}`}>
              Change the category<span className="govuk-visually-hidden"> for {label}</span>
            </a>
          </>
        ) : null}
      </p>
      {support.history.length > 0 ? (
        <Table
          caption="Categories and reasons over time"
          captionClassName="govuk-table__caption--s"
          head={['Academic year', 'Category', 'Reason', 'Decided by', 'Decided on']}
          rows={support.history.map((h) => [
            academicYearLabel(h.academicYear),
            h.current ? h.categoryName : `${h.categoryName} (superseded)`,
            h.reason,
            h.decidedBy,
            when(h.decidedAt),
          ])}
        />
      ) : null}
    </>
  );
}
