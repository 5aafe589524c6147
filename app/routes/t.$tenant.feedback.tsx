import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireTenantMember } from '../auth/guards.server';
import type { TitleHandle } from '../components/document-title';
import { Table } from '../components/Table';
import { feedbackReport, type RatingSummary } from '../delivery/feedback-report.server';
import { formatDay } from '../calendar/format-instant';

export const handle: TitleHandle = { title: 'Feedback' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'feedback.view');
  return feedbackReport(ctx);
}

function ratingRows(summaries: RatingSummary[]) {
  return summaries.map((s) => [s.name, `${s.average.toFixed(1)} out of 5`, String(s.count)]);
}

export default function Feedback() {
  const { byService, byPractitioner, comments } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Feedback</h1>
      {byService.length === 0 ? (
        <p className="govuk-body">No feedback yet. Schools can rate a service once some of its work is confirmed.</p>
      ) : (
        <>
          <p className="govuk-body">Ratings from schools, 1 (poor) to 5 (excellent), averaged to one decimal place.</p>
          <Table
            caption="By service"
            captionClassName="govuk-table__caption--m"
            head={['Service', 'Average rating', 'Number of ratings']}
            firstCellIsHeader
            rows={ratingRows(byService)}
          />
          <Table
            caption="By practitioner"
            captionClassName="govuk-table__caption--m"
            head={['Practitioner', 'Average rating', 'Number of ratings']}
            firstCellIsHeader
            rows={ratingRows(byPractitioner)}
          />
          {comments.length ? (
            <Table
              caption="What schools said changed"
              captionClassName="govuk-table__caption--m"
              head={['Service', 'Practitioner', 'Customer', 'Rating', 'What changed', 'Given']}
              rows={comments.map((c) => [
                c.service,
                c.practitioner,
                c.customer,
                `${c.rating} out of 5`,
                c.whatChanged,
                formatDay(c.givenAt),
              ])}
            />
          ) : (
            <>
              <h2 className="govuk-heading-m">What schools said changed</h2>
              <p className="govuk-body">No comments yet.</p>
            </>
          )}
        </>
      )}
    </>
  );
}
