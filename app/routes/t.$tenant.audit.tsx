import type { TitleHandle } from '../components/document-title';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { listAuditEvents } from '../../db/queries/audit';
import { withTenant } from '../../db/scope.server';
import { requireTenantMember } from '../auth/guards.server';
import { Table } from '../components/Table';
import { formatMoment } from '../calendar/format-instant';

export const handle: TitleHandle = { title: 'Audit log' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'audit.view');
  const events = await withTenant(ctx, (tx) => listAuditEvents(tx, ctx.tenantId, 100));
  return {
    events: events.map((e) => ({
      id: e.id,
      at: e.occurred_at.toISOString(),
      action: e.action,
      subject: `${e.subject_type} ${e.subject_id}`,
      actor: e.actorName ?? 'System',
      detail: JSON.stringify(e.detail),
    })),
  };
}

export default function Audit() {
  const { events } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">
        The latest 100 changes to users, roles and money, newest first. Entries are never changed or removed.
      </p>
      {events.length === 0 ? (
        <p className="govuk-body">Nothing has been recorded yet.</p>
      ) : (
        <Table
          head={['When', 'Who', 'What', 'Details']}
          rows={events.map((e) => [formatMoment(e.at), e.actor, e.action, e.detail])}
        />
      )}
    </>
  );
}
