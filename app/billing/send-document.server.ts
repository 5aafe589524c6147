import { insertAuditEvent } from '../../db/queries/audit';
import { findDocumentCustomer, markDocumentSent } from '../../db/queries/billing-documents';
import { withTenant } from '../../db/scope.server';
import { notFound, type TenantContext } from '../auth/guards.server';
import { formatDate } from '../calendar/contract-year';
import { DomainError } from '../errors';
import { getMailer, publicBaseUrl, type Mail } from '../mail/mailer.server';
import { onBehalfOf } from '../mail/on-behalf-of';
import { formatPence } from '../money';
import { loadDocumentView } from './document-detail.server';
import { pdfFileName, renderDocumentPdf } from './document-pdf.server';
import { documentTitle, type DocumentViewData } from './DocumentView';

export type SendOutcome = { sent: true; to: string } | { sent: false; reason: string };

export function documentMail(ctx: TenantContext, d: DocumentViewData, to: string, pdf: Buffer): Mail {
  const title = documentTitle(d);
  const link = `${publicBaseUrl()}/buy/invoices/${ctx.tenant.slug}/${d.id}`;
  const owed =
    d.kind === 'credit_note'
      ? `It credits ${formatPence(d.totals.totalPence)}${d.credits?.number ? ` against ${d.credits.number}` : ''}.`
      : d.kind === 'recharge'
        ? `It charges ${formatPence(d.totals.totalPence)} to your school's budget by journal.`
        : `It comes to ${formatPence(d.totals.totalPence)}${d.dueOn ? `, due by ${formatDate(d.dueOn)}` : ''}. Please quote ${d.number} as the payment reference.`;
  return {
    to,
    subject: `${title} from ${d.supplier.name}`,
    text: `Dear ${d.customer.contactName ?? d.customer.name},\n\n${d.supplier.name} has issued ${title} to ${d.customer.name}. ${owed}\n\nThe ${title} is attached as a PDF. You can also see it online:\n${link}\n\n${d.supplier.name}`,
    ...onBehalfOf(ctx.tenant.name, ctx.tenant.contact_email),
    attachments: [{ filename: pdfFileName(d), content: pdf, contentType: 'application/pdf' }],
  };
}

/**
 * Emails a final document, with its PDF, to the customer's billing contact, then records the
 * first sending (a later one, a resend, is audited only: the date first sent stays). Nothing is
 * marked sent when there is nobody to send to or the mail could not be handed over.
 */
export async function sendDocument(ctx: TenantContext, documentId: string): Promise<SendOutcome> {
  // To the account's billing contact as it is now (one added after finalising is used), else the
  // contact printed on the document.
  const found = await withTenant(ctx, async (tx) => {
    const view = await loadDocumentView(tx, ctx.tenant, documentId);
    const account = view ? await findDocumentCustomer(tx, ctx.tenantId, view.organisationId) : undefined;
    return view ? { view, to: account?.billing_contact_email ?? view.customer.contactEmail } : null;
  });
  if (!found) throw notFound();
  const { view, to } = found;
  if (view.status !== 'final')
    throw new DomainError(
      'document.not_sendable',
      view.status === 'draft' ? 'Finalise the draft before sending it' : 'A void document is not sent',
      undefined,
      409,
    );
  if (!to)
    return {
      sent: false,
      reason: `${view.customer.name} has no billing contact email: add one to their customer account, then send ${view.number}`,
    };
  const pdf = await renderDocumentPdf(view);
  try {
    await getMailer().send(documentMail(ctx, view, to, pdf));
  } catch (error) {
    console.error(`Could not send ${view.number} to ${to}:`, error);
    return { sent: false, reason: `${view.number} could not be sent to ${to}: try again later` };
  }
  await withTenant(ctx, async (tx) => {
    await markDocumentSent(tx, ctx.tenantId, documentId, to);
    await insertAuditEvent(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: view.sentAt ? 'document.resent' : 'document.sent',
      subjectType: 'billing_document',
      subjectId: documentId,
      detail: { number: view.number, to },
    });
  });
  return { sent: true, to };
}
