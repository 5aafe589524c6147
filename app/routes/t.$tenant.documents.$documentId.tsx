import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { notFound, requireTenantMember, type TenantContext } from '../auth/guards.server';
import { addManualLine, manualLineDefault, manualLineForm } from '../billing/add-manual-line.server';
import { discardDraft } from '../billing/discard-draft.server';
import { documentAccount, documentForProvider } from '../billing/document-detail.server';
import { DocumentView, documentTitle } from '../billing/DocumentView';
import { finaliseDocument } from '../billing/finalise-document.server';
import { removeDraftLine } from '../billing/remove-draft-line.server';
import { sendDocument } from '../billing/send-document.server';
import { voidDocument } from '../billing/void-document.server';
import { formatDay } from '../calendar/format-instant';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { Textarea } from '../components/Textarea';
import { TextInput } from '../components/TextInput';
import { isDomainError } from '../errors';
import { isUuid } from '../forms/ids';
import { fieldError, parseForm } from '../forms/parse-form';
import { useCsrfToken } from '../root';
import { VAT_CODES } from '../vocabulary';

export const handle: TitleHandle<typeof loader> = {
  title: (d) => (d ? documentTitle(d.document) : 'Document'),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.documentId)) throw notFound();
  const document = await documentForProvider(ctx, params.documentId);
  const account = await documentAccount(ctx, document.organisationId);
  return {
    slug: ctx.tenant.slug,
    document,
    defaultVatCode: document.status === 'draft' ? await manualLineDefault(ctx, document.id) : null,
    billingContact: account.billingContact ?? document.customer.contactEmail,
    accountId: account.accountId,
  };
}

const reason = (what: string) =>
  z.string().trim().min(1, `Enter why ${what}`).max(500, 'The reason must be 500 characters or fewer');

const removeForm = z.object({
  lineId: z.string().refine(isUuid, 'Choose a line to remove'),
  removeReason: reason('the line is removed'),
});
const voidForm = z.object({ voidReason: reason('the document is void') });

type Values = Record<string, string>;
const refused = (errors: Array<{ field?: string; message: string }>, values: Values, intent: string, status = 400) =>
  data({ errors, values, intent }, { status });

async function act(ctx: TenantContext, documentId: string, form: FormData) {
  const intent = String(form.get('intent') ?? '');
  const base = `/t/${ctx.tenant.slug}/documents/${documentId}`;
  switch (intent) {
    case 'remove-line': {
      const parsed = parseForm(removeForm, form);
      if (!parsed.ok) return refused(parsed.errors, parsed.values, intent);
      await removeDraftLine(ctx, documentId, parsed.data.lineId, parsed.data.removeReason);
      return redirect(`${base}?removed=1`);
    }
    case 'add-line': {
      const parsed = parseForm(manualLineForm, form);
      if (!parsed.ok) return refused(parsed.errors, parsed.values, intent);
      await addManualLine(ctx, documentId, parsed.data);
      return redirect(`${base}?added=1`);
    }
    case 'finalise': {
      await finaliseDocument(ctx, documentId);
      const sending = await sendDocument(ctx, documentId);
      return redirect(`${base}?finalised=1&sent=${sending.sent ? 1 : 0}`);
    }
    case 'discard': {
      await discardDraft(ctx, documentId);
      return redirect(`/t/${ctx.tenant.slug}/documents?discarded=1`);
    }
    case 'send': {
      const sending = await sendDocument(ctx, documentId);
      return redirect(`${base}?sent=${sending.sent ? 1 : 0}`);
    }
    case 'void': {
      const parsed = parseForm(voidForm, form);
      if (!parsed.ok) return refused(parsed.errors, parsed.values, intent);
      await voidDocument(ctx, documentId, parsed.data.voidReason);
      return redirect(`${base}?voided=1`);
    }
    default:
      return refused([{ message: 'Choose what to do with the document' }], {}, intent);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  if (!isUuid(params.documentId)) throw notFound();
  const form = await readForm(request);
  const values: Values = {};
  for (const [k, v] of form.entries()) if (k !== 'csrf' && typeof v === 'string') values[k] = v;
  try {
    return await act(ctx, params.documentId, form);
  } catch (error) {
    if (isDomainError(error))
      return refused(
        [{ field: error.field, message: error.message }],
        values,
        String(form.get('intent') ?? ''),
        error.status,
      );
    throw error;
  }
}

function Notices({
  sentTo,
  contactEmail,
  customer,
}: {
  sentTo: string | null;
  contactEmail: string | null;
  customer: string;
}) {
  const [params] = useSearchParams();
  const sent = params.get('sent');
  const sentWords =
    sent === '1'
      ? `Sent to ${sentTo ?? contactEmail ?? 'the billing contact'}`
      : sent === '0'
        ? contactEmail
          ? `Not sent: the email to ${contactEmail} could not be sent. Try again later`
          : `Not sent: ${customer} has no billing contact email. Add one to their customer account, then send it`
        : null;
  const headings = [
    params.get('finalised') ? 'Finalised' : null,
    params.get('removed') ? 'Line removed' : null,
    params.get('added') ? 'Line added' : null,
    params.get('voided') ? 'Voided: its charges can be billed again' : null,
    params.get('issued') ? 'Credit note issued' : null,
  ].filter(Boolean);
  if (headings.length === 0 && !sentWords) return null;
  return (
    <NotificationBanner
      type={sent === '0' ? 'important' : 'success'}
      heading={[...headings, sentWords].filter(Boolean).join('. ')}
    />
  );
}

export default function DocumentPage() {
  const { slug, document: d, defaultVatCode, billingContact, accountId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Values = result?.values ?? {};
  const removing = params.get('remove') ?? (result?.intent === 'remove-line' ? values.lineId : null);
  const isDraft = d.status === 'draft';
  const line = removing ? d.lines.find((l) => l.id === removing) : undefined;
  return (
    <>
      <BackLink href={d.runId ? `/t/${slug}/documents?run=${d.runId}` : `/t/${slug}/documents`}>
        Back to documents
      </BackLink>
      <ErrorSummary errors={errors} />
      <Notices sentTo={d.sentTo} contactEmail={billingContact} customer={d.customer.name} />
      <DocumentView
        document={d}
        lineHref={(l) => (l.orderLineId ? `/t/${slug}/lines/${l.orderLineId}` : null)}
        lineAction={
          isDraft
            ? (l) => (
                <a className="govuk-link" href={`?remove=${l.id}#remove-line`}>
                  Remove<span className="govuk-visually-hidden"> line {l.lineNumber}</span>
                </a>
              )
            : undefined
        }
      >
        <p className="govuk-body app-no-print">
          <a className="govuk-link" href={`/t/${slug}/documents/${d.id}.pdf`}>
            Download the PDF<span className="govuk-visually-hidden"> of {documentTitle(d)}</span>
          </a>
        </p>
        {d.status === 'final' && d.kind !== 'recharge' ? (
          <p className="govuk-body app-no-print">
            <a className="govuk-link" href={`/t/${slug}/documents/${d.id}.xml`} download>
              Download as e-invoice (UBL XML)<span className="govuk-visually-hidden"> of {documentTitle(d)}</span>
            </a>
          </p>
        ) : null}
        {d.sentAt ? (
          <p className="govuk-body">
            First sent to {d.sentTo} on {formatDay(d.sentAt)}.
          </p>
        ) : null}
      </DocumentView>
      {d.status === 'final' && d.kind !== 'credit_note' ? (
        <ul className="govuk-list app-no-print">
          {d.balancePence > 0 && accountId ? (
            <li>
              <a className="govuk-link" href={`/t/${slug}/payments/new?account=${accountId}`}>
                Record a payment<span className="govuk-visually-hidden"> from {d.customer.name}</span>
              </a>
            </li>
          ) : null}
          <li>
            <a className="govuk-link" href={`/t/${slug}/documents/${d.id}/credit-note`}>
              Raise a credit note<span className="govuk-visually-hidden"> against {d.number}</span>
            </a>
          </li>
          {accountId ? (
            <li>
              <a className="govuk-link" href={`/t/${slug}/customers/${accountId}/statement`}>
                Statement of account<span className="govuk-visually-hidden"> of {d.customer.name}</span>
              </a>
            </li>
          ) : null}
        </ul>
      ) : null}

      {isDraft && line ? (
        <form method="post" noValidate id="remove-line" className="app-no-print">
          <CsrfInput token={csrf} />
          <input type="hidden" name="intent" value="remove-line" />
          <input type="hidden" name="lineId" value={line.id} />
          <h2 className="govuk-heading-m">Remove line {line.lineNumber}</h2>
          <p className="govuk-body">
            {line.description}. Its charge is released so a later billing run can bill it again.
          </p>
          <Textarea
            name="removeReason"
            label="Why is this line removed?"
            defaultValue={values.removeReason}
            error={fieldError(errors, 'removeReason')}
          />
          <Button variant="warning">Remove the line</Button>
        </form>
      ) : null}

      {isDraft ? (
        <div className="app-no-print">
          <form method="post" noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="intent" value="finalise" />
            <h2 className="govuk-heading-m">Finalise</h2>
            <p className="govuk-body">
              Finalising gives the draft its number, freezes it and emails it with its PDF to{' '}
              {billingContact ?? 'the billing contact (none is set yet: add one to the customer account)'}.
            </p>
            <Button preventDoubleClick>Finalise and send</Button>
          </form>
          <form method="post" noValidate id="add-line">
            <CsrfInput token={csrf} />
            <input type="hidden" name="intent" value="add-line" />
            <h2 className="govuk-heading-m">Add a line</h2>
            <TextInput
              name="description"
              label="Description"
              defaultValue={values.description}
              error={fieldError(errors, 'description')}
            />
            <TextInput
              name="quantity"
              label="Quantity"
              width="4"
              inputMode="decimal"
              defaultValue={values.quantity ?? '1'}
              error={fieldError(errors, 'quantity')}
            />
            <TextInput
              name="unitPrice"
              label="Unit price, in pounds"
              hint="A discount is a negative price, like -50"
              width="10"
              defaultValue={values.unitPrice}
              error={fieldError(errors, 'unitPrice')}
            />
            <Radios
              name="vatCode"
              legend="VAT"
              items={Object.entries(VAT_CODES).map(([value, label]) => ({ value, label }))}
              defaultValue={values.vatCode ?? defaultVatCode ?? undefined}
              error={fieldError(errors, 'vatCode')}
            />
            <Textarea
              name="reason"
              label="Why is this line added?"
              defaultValue={values.reason}
              error={fieldError(errors, 'reason')}
            />
            <Button variant="secondary">Add the line</Button>
          </form>
          <form method="post" noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="intent" value="discard" />
            <h2 className="govuk-heading-m">Discard the draft</h2>
            <p className="govuk-body">Its charges are released so a later billing run can bill them again.</p>
            <Button variant="warning">Discard the draft</Button>
          </form>
        </div>
      ) : null}

      {d.status === 'final' ? (
        <div className="app-no-print">
          <form method="post" noValidate>
            <CsrfInput token={csrf} />
            <input type="hidden" name="intent" value="send" />
            <h2 className="govuk-heading-m">{d.sentAt ? 'Send it again' : 'Send'}</h2>
            <p className="govuk-body">
              By email, with its PDF, to{' '}
              {billingContact ?? 'the billing contact (none is set yet: add one to the customer account)'}.
            </p>
            <Button variant="secondary">{d.sentAt ? 'Send again' : 'Send'}</Button>
          </form>
          {d.allocatedPence === 0 && d.creditedPence === 0 ? (
            <form method="post" noValidate>
              <CsrfInput token={csrf} />
              <input type="hidden" name="intent" value="void" />
              <h2 className="govuk-heading-m">Void</h2>
              <p className="govuk-body">
                Only before anything is paid. It keeps its number and shows VOID; its charges can be billed again.
              </p>
              <Textarea
                name="voidReason"
                label="Why is it void?"
                defaultValue={values.voidReason}
                error={fieldError(errors, 'voidReason')}
              />
              <Button variant="warning">Void it</Button>
            </form>
          ) : (
            <p className="govuk-body">
              Something has been paid or credited against it, so it cannot be voided: raise a credit note instead.
            </p>
          )}
        </div>
      ) : null}
    </>
  );
}
