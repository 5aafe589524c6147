import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireTenantMember } from '../auth/guards.server';
import type { TitleHandle } from '../components/document-title';

export const handle: TitleHandle = { title: 'Finance' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  return { slug: ctx.tenant.slug };
}

/** Month end in one place: what was agreed, delivered, billed and paid, and the tools to close it. */
const TOOLS = [
  {
    path: 'finance/reconciliation',
    name: 'Reconciliation',
    about: 'Agreed, delivered, billed, credited, paid and outstanding for any period, with the exceptions to clear.',
  },
  {
    path: 'finance/bank-statements',
    name: 'Bank statements',
    about: 'Import a statement, review the automatic matches and match what is left by hand.',
  },
  {
    path: 'finance/aged-debt',
    name: 'Aged debt',
    about: 'What each customer owes by age, customer statements and reminder emails.',
  },
  {
    path: 'finance/income',
    name: 'Income and cost recovery',
    about: 'Income by service and month against cost and budget, and which schools buy what.',
  },
  {
    path: 'finance/ledger',
    name: 'Ledger export',
    about: 'Export invoice batches and recharge journals for your ledger, in the columns it loads.',
  },
  {
    path: 'finance/settlement',
    name: 'Settlement with partner councils',
    about: 'What you and a partner council have invoiced each other, and settling the difference by netting.',
  },
] as const;

export default function Finance() {
  const { slug } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Finance</h1>
      <ul className="govuk-list">
        {TOOLS.map((tool) => (
          <li key={tool.path} className="govuk-!-margin-bottom-4">
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <a className="govuk-link" href={`/t/${slug}/${tool.path}`}>
                {tool.name}
              </a>
            </h2>
            <p className="govuk-body govuk-!-margin-bottom-0">{tool.about}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
