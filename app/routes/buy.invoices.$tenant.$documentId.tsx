import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { notFound, requireBuyer } from '../auth/guards.server';
import { documentForBuyer } from '../billing/document-detail.server';
import { DocumentView, documentTitle } from '../billing/DocumentView';
import { BackLink } from '../components/BackLink';
import type { TitleHandle } from '../components/document-title';
import { isUuid } from '../forms/ids';

export const handle: TitleHandle<typeof loader> = {
  title: (d) => (d ? documentTitle(d.document) : 'Invoice'),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.view');
  if (!params.tenant || !isUuid(params.documentId)) throw notFound();
  return documentForBuyer(ctx, params.tenant, params.documentId);
}

export default function BuyerInvoice() {
  const { document: d, providerSlug } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink href="/buy/invoices">Back to invoices</BackLink>
      <DocumentView document={d}>
        <p className="govuk-body app-no-print">
          <a className="govuk-link" href={`/buy/invoices/${providerSlug}/${d.id}.pdf`}>
            Download the PDF<span className="govuk-visually-hidden"> of {documentTitle(d)}</span>
          </a>
        </p>
        {d.status === 'final' && d.kind !== 'recharge' ? (
          <p className="govuk-body app-no-print">
            <a className="govuk-link" href={`/buy/invoices/${providerSlug}/${d.id}.xml`} download>
              Download as e-invoice (UBL XML)<span className="govuk-visually-hidden"> of {documentTitle(d)}</span>
            </a>
          </p>
        ) : null}
      </DocumentView>
    </>
  );
}
