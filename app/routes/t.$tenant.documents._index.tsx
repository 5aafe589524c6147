import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember } from '../auth/guards.server';
import { finaliseDrafts } from '../billing/finalise-drafts.server';
import { listDocuments } from '../billing/list-documents.server';
import { formatDate } from '../calendar/contract-year';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Pagination } from '../components/Pagination';
import { Select } from '../components/Select';
import { StateTag } from '../components/StateTag';
import { Table } from '../components/Table';
import { isUuid } from '../forms/ids';
import { pageField } from '../forms/paging';
import { parseQuery } from '../forms/parse-form';
import { formatPence } from '../money';
import { useCsrfToken } from '../root';
import { DOCUMENT_KINDS, DOCUMENT_STATES } from '../vocabulary';

export const handle: TitleHandle = { title: 'Invoices and recharges' };

const STATUSES = { draft: 'Drafts', final: 'Final', void: 'Void' } as const;

const filterForm = z.object({
  run: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || isUuid(v), 'Choose a billing run from the billing page'),
  kind: z.enum(['', 'invoice', 'recharge', 'credit_note'], { error: 'Select a kind of document' }).optional(),
  status: z.enum(['', 'draft', 'final', 'void'], { error: 'Select a state' }).optional(),
  page: pageField,
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const parsed = parseQuery(filterForm, request);
  const filters = parsed.ok
    ? { runId: parsed.data.run, kind: parsed.data.kind || undefined, status: parsed.data.status || undefined }
    : {};
  const { documents, run, total, drafts, page, pages } = await listDocuments(
    ctx,
    filters,
    parsed.ok ? parsed.data.page : 1,
  );
  if (filters.runId && !run) throw notFound();
  return {
    slug: ctx.tenant.slug,
    documents,
    total,
    drafts,
    page,
    pages,
    run,
    filters: { kind: filters.kind ?? '', status: filters.status ?? '' },
    errors: parsed.ok ? [] : parsed.errors,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const form = await readForm(request);
  const runId = String(form.get('runId') ?? '');
  if (form.get('intent') !== 'finalise-all' || !isUuid(runId))
    return data(
      { errors: [{ message: 'Choose a billing run to finalise its drafts' }], outcome: null },
      { status: 400 },
    );
  const outcome = await finaliseDrafts(ctx, runId);
  return data({ errors: [], outcome }, { status: outcome.refused.length > 0 ? 422 : 200 });
}

export default function Documents() {
  const { slug, documents, total, drafts, page, pages, run, filters, errors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  /** Another page of the same list: the run and filters stay. */
  const pageHref = (p: number) => {
    const query = new URLSearchParams();
    if (run) query.set('run', run.id);
    if (filters.kind) query.set('kind', filters.kind);
    if (filters.status) query.set('status', filters.status);
    if (p > 1) query.set('page', String(p));
    const text = query.toString();
    return `/t/${slug}/documents${text ? `?${text}` : ''}`;
  };
  const csrf = useCsrfToken();
  const outcome = result?.outcome ?? null;
  const customerOf = new Map(documents.map((d) => [d.id, d.customerName]));
  const refusals = (outcome?.refused ?? []).map((r) => ({
    message: `The draft for ${customerOf.get(r.documentId) ?? 'a customer'} was not finalised: ${r.message}`,
  }));
  return (
    <>
      <ErrorSummary errors={[...errors, ...(result?.errors ?? []), ...refusals]} />
      {outcome && outcome.finalised.length > 0 ? (
        <NotificationBanner type="success" heading={`${outcome.finalised.length} finalised`}>
          <ul className="govuk-list">
            {outcome.finalised.map((f) => (
              <li key={f.documentId}>
                <a className="govuk-link" href={`/t/${slug}/documents/${f.documentId}`}>
                  {f.number}
                </a>
                : {f.sending.sent ? `sent to ${f.sending.to}` : f.sending.reason}
              </li>
            ))}
          </ul>
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">
        {run ? `Documents from the run for ${run.period_label}` : 'Invoices and recharges'}
      </h1>
      <form method="get" noValidate className="app-no-print">
        {run ? <input type="hidden" name="run" value={run.id} /> : null}
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="kind"
              label="Kind"
              defaultValue={filters.kind}
              items={[
                { value: '', label: 'All kinds' },
                ...Object.entries(DOCUMENT_KINDS).map(([value, k]) => ({ value, label: k.plural })),
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="status"
              label="State"
              defaultValue={filters.status}
              items={[
                { value: '', label: 'All' },
                ...Object.entries(STATUSES).map(([value, label]) => ({ value, label })),
              ]}
            />
          </div>
        </div>
        <Button variant="secondary">Show documents</Button>
      </form>
      {run && drafts > 0 ? (
        <form method="post" noValidate className="app-no-print">
          <CsrfInput token={csrf} />
          <input type="hidden" name="intent" value="finalise-all" />
          <input type="hidden" name="runId" value={run.id} />
          <p className="govuk-body">
            Finalising gives each draft its number, freezes it and emails it with its PDF to the customer&apos;s billing
            contact.
          </p>
          <Button preventDoubleClick>
            {drafts === 1 ? 'Finalise and send the 1 draft' : `Finalise and send all ${drafts} drafts`}
          </Button>
        </form>
      ) : null}
      {documents.length > 0 ? (
        <Table
          caption={`${total} ${total === 1 ? 'document' : 'documents'}${pages > 1 ? `, page ${page} of ${pages}` : ''}`}
          captionClassName="govuk-table__caption--m"
          head={['Document', 'Customer', 'Kind', 'Issued', 'Total', 'Still to pay', 'State']}
          firstCellIsHeader
          rows={documents.map((d) => [
            <a key="a" className="govuk-link" href={`/t/${slug}/documents/${d.id}`}>
              {d.number ?? `Draft, ${d.lineCount} ${d.lineCount === 1 ? 'line' : 'lines'}`}
              {d.number ? null : <span className="govuk-visually-hidden"> for {d.customerName}</span>}
            </a>,
            d.customerName,
            DOCUMENT_KINDS[d.kind].singular,
            d.issuedOn ? formatDate(d.issuedOn) : 'Not yet',
            formatPence(d.totalPence),
            d.status === 'final' && d.kind !== 'credit_note' ? formatPence(d.balancePence) : '',
            <StateTag key="s" state={DOCUMENT_STATES[d.state]} />,
          ])}
        />
      ) : (
        <p className="govuk-body">No documents match. Drafts appear here after a billing run.</p>
      )}
      <Pagination page={page} pages={pages} href={pageHref} />
    </>
  );
}
