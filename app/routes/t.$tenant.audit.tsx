import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { AUDIT_PAGE_SIZE, auditLog } from '../audit/audit-log.server';
import { auditFilterForm } from '../audit/audit-filter-form';
import { AUDIT_SUBJECTS } from '../audit/audit-words';
import { requireTenantMember } from '../auth/guards.server';
import { formatMoment } from '../calendar/format-instant';
import { Button } from '../components/Button';
import { DayRangeFields } from '../components/DayRangeFields';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { Pagination } from '../components/Pagination';
import { Select } from '../components/Select';
import { Table } from '../components/Table';
import { pageCount, pageWindow } from '../forms/paging';
import { fieldError, parseQuery } from '../forms/parse-form';

export const handle: TitleHandle = { title: 'Audit log' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'audit.view');
  const url = new URL(request.url);
  const parsed = parseQuery(auditFilterForm, request);
  const values = parsed.values;
  const filter = parsed.ok ? parsed.data : { page: 1 };
  const { page, ...where } = filter;
  const { entries, total, people } = await auditLog(ctx, parsed.ok ? where : {}, pageWindow(page, AUDIT_PAGE_SIZE));
  const query = new URLSearchParams(url.searchParams);
  query.delete('page');
  const body = {
    slug: ctx.tenant.slug,
    errors: parsed.ok ? ([] as FieldError[]) : parsed.errors,
    values,
    entries,
    total,
    page,
    pages: pageCount(total, AUDIT_PAGE_SIZE),
    people: people.map((p) => ({ value: p.id, label: p.name })),
    query: query.toString(),
  };
  return parsed.ok ? body : data(body, { status: 400 });
}

export default function Audit() {
  const { slug, errors, values, entries, total, page, pages, people, query } = useLoaderData<typeof loader>();
  const filtered = query !== '';
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">
        Every change to people, roles, prices, orders, delivery and money, newest first. Entries are never changed or
        removed.
      </p>
      <details className="govuk-details" open={filtered || errors.length > 0}>
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Filter the log</span>
        </summary>
        <div className="govuk-details__text">
          <form method="get" noValidate>
            <Select
              name="person"
              label="Person"
              items={[{ value: '', label: 'Anyone' }, ...people]}
              defaultValue={values.person ?? ''}
              error={fieldError(errors, 'person')}
            />
            <Select
              name="record"
              label="Kind of record"
              items={[
                { value: '', label: 'Any' },
                ...Object.entries(AUDIT_SUBJECTS).map(([value, s]) => ({ value, label: s.label })),
              ]}
              defaultValue={values.record ?? ''}
              error={fieldError(errors, 'record')}
            />
            <DayRangeFields
              values={values}
              errors={{ from: fieldError(errors, 'from'), to: fieldError(errors, 'to') }}
              legends={{ from: 'From', to: 'To' }}
              hints={{ from: 'Leave blank for the start. For example, 1 9 2026', to: 'Leave blank for today' }}
            />
            <div className="govuk-button-group">
              <Button>Apply filters</Button>
              {filtered ? (
                <a className="govuk-link" href={`/t/${slug}/audit`}>
                  Clear filters
                </a>
              ) : null}
            </div>
          </form>
        </div>
      </details>
      <p className="govuk-body">
        {total === 0
          ? filtered
            ? 'Nothing matches these filters.'
            : 'Nothing has been recorded yet.'
          : `${total.toLocaleString('en-GB')} ${total === 1 ? 'entry' : 'entries'}${filtered ? ' match' : ''}.`}{' '}
        {total > 0 && errors.length === 0 ? (
          <a className="govuk-link" href={`/t/${slug}/audit.csv${query ? `?${query}` : ''}`}>
            Download {filtered ? 'these entries' : 'the log'} (CSV)
          </a>
        ) : null}
      </p>
      {entries.length ? (
        <Table
          caption={pages > 1 ? `Page ${page} of ${pages}` : undefined}
          head={['When', 'Who', 'What']}
          rows={entries.map((e) => [
            formatMoment(e.at),
            e.who,
            e.href ? (
              <a key={e.id} className="govuk-link" href={e.href}>
                {e.what}
              </a>
            ) : (
              e.what
            ),
          ])}
        />
      ) : null}
      <Pagination page={page} pages={pages} href={(p) => `/t/${slug}/audit?${query ? `${query}&` : ''}page=${p}`} />
    </>
  );
}
