import type { LoaderFunctionArgs, SerializeFrom } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireTenantMember } from '../auth/guards.server';
import { providerCan } from '../auth/permissions';
import type { TitleHandle } from '../components/document-title';
import { Table } from '../components/Table';
import { formatAmount } from '../delivery/delivery-rules';
import { listWork } from '../delivery/list-work.server';
import { tenantReadsTogether } from '../../db/scope.server';

export const handle: TitleHandle = { title: 'Your work' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'delivery.log');
  const canManage = providerCan(ctx.role, 'orders.manage');
  return tenantReadsTogether(
    ctx,
    async () => {
      // Both lists read at once (one write, one wait on PostgreSQL).
      const [mine, all] = await Promise.all([listWork(ctx, true), canManage ? listWork(ctx, false) : null]);
      return { slug: ctx.tenant.slug, mine, all };
    },
    // Opened all day by every practitioner: its reads took ten times longer to plan than to run.
    { genericPlans: true },
  );
}

type WorkLine = SerializeFrom<typeof loader>['mine'][number];

function amount(hundredths: number | null, unit: { singular: string; plural: string }): string {
  return hundredths === null ? 'Not counted' : formatAmount(hundredths, unit);
}

export default function Work() {
  const { slug, mine, all } = useLoaderData<typeof loader>();
  const head = ['Customer', 'Service', 'Order', 'Commissioned', 'Delivered', 'Remaining', 'Action'];
  const rows = (lines: WorkLine[], withAssignee: boolean) =>
    lines.map((l) => [
      l.buyerName,
      l.serviceName,
      l.reference,
      ...(withAssignee ? [l.assignedName ?? 'Nobody'] : []),
      amount(l.allowanceHundredths, l.unit),
      amount(l.deliveredHundredths, l.unit),
      amount(l.remainingHundredths, l.unit),
      <a key="a" className="govuk-link" href={`/t/${slug}/lines/${l.id}`}>
        Log work
        <span className="govuk-visually-hidden">
          : {l.serviceName} for {l.buyerName}, {l.reference}
        </span>
      </a>,
    ]);
  return (
    <>
      <h1 className="govuk-heading-l">Your work</h1>
      {mine.length ? (
        <Table
          caption="Assigned to you"
          captionClassName="govuk-table__caption--m"
          head={head}
          firstCellIsHeader
          rows={rows(mine, false)}
        />
      ) : (
        <>
          <h2 className="govuk-heading-m">Assigned to you</h2>
          <p className="govuk-body">
            Nothing active is assigned to you. A service manager assigns lines from the order page.
          </p>
        </>
      )}
      {all ? (
        all.length ? (
          <Table
            caption="All active lines"
            captionClassName="govuk-table__caption--m"
            head={['Customer', 'Service', 'Order', 'Assigned to', 'Commissioned', 'Delivered', 'Remaining', 'Action']}
            firstCellIsHeader
            rows={rows(all, true)}
          />
        ) : (
          <>
            <h2 className="govuk-heading-m">All active lines</h2>
            <p className="govuk-body">No lines are active. Lines become active when you accept an order.</p>
          </>
        )
      ) : null}
    </>
  );
}
