import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { formatDate } from '../calendar/contract-year';
import { formatMoment } from '../calendar/format-instant';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { Table } from '../components/Table';
import { TextInput } from '../components/TextInput';
import { reminderForm } from '../debt/reminder-form';
import { reminderOverview, REMINDERS_LISTED } from '../debt/reminder-overview.server';
import { saveReminderSettingsFor } from '../debt/save-reminder-settings.server';
import { fieldError, parseForm } from '../forms/parse-form';
import { formatPence } from '../money';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Reminder emails' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  return { slug: ctx.tenant.slug, listed: REMINDERS_LISTED, ...(await reminderOverview(ctx)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'finance.manage');
  const parsed = parseForm(reminderForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  await saveReminderSettingsFor(ctx, parsed.data);
  return redirect(`/t/${ctx.tenant.slug}/finance/reminders?saved=1`);
}

/** When overdue invoices are reminded by email, and every reminder sent: to whom, for what, when. */
export default function Reminders() {
  const { slug, listed, enabled, daysAfterDue, sent, noContact } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  return (
    <>
      <BackLink href={`/t/${slug}/finance/aged-debt`}>Back to aged debt</BackLink>
      <ErrorSummary errors={errors} />
      {params.get('saved') && !result ? <NotificationBanner type="success" heading="Reminder settings saved" /> : null}
      <h1 className="govuk-heading-l">Reminder emails</h1>
      <p className="govuk-body">
        Each unpaid invoice is reminded by email to the customer&rsquo;s billing contact on the days after its due date
        you set, once for each day. Recharges are settled by journal and are not reminded.
      </p>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <Radios
          name="enabled"
          legend="Send reminder emails?"
          inline
          items={[
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ]}
          defaultValue={values.enabled ?? (enabled ? 'yes' : 'no')}
          error={fieldError(errors, 'enabled')}
        />
        <TextInput
          name="days"
          label="Days after the due date to send a reminder"
          hint="Up to 6 numbers of days, separated by commas. For example, 7, 30, 60"
          width="20"
          defaultValue={values.days ?? daysAfterDue.join(', ')}
          error={fieldError(errors, 'days')}
        />
        <Button>Save reminder settings</Button>
      </form>
      {noContact.length > 0 ? (
        <Table
          caption="Reminders due with nobody to send them to"
          captionClassName="govuk-table__caption--m"
          head={['Customer', 'Invoice', 'Due', 'Owed', 'What to do']}
          firstCellIsHeader
          rows={noContact.map((r) => [
            r.customerName,
            <a className="govuk-link" href={`/t/${slug}/documents/${r.documentId}`} key="invoice">
              {r.number}
            </a>,
            formatDate(r.dueOn),
            formatPence(r.outstandingPence),
            'Add a billing contact email to the customer account',
          ])}
        />
      ) : null}
      <h2 className="govuk-heading-m">Reminders sent</h2>
      {sent.length === 0 ? (
        <p className="govuk-body">No reminders have been sent yet.</p>
      ) : (
        <Table
          caption={
            sent.length === listed ? `The latest ${listed} reminders sent` : 'Reminders sent'
          }
          captionClassName="govuk-visually-hidden"
          head={['Sent', 'To', 'Customer', 'Invoice', 'Reminder', 'Owed when sent']}
          rows={sent.map((r) => [
            formatMoment(r.sentAt),
            r.sentTo,
            <a className="govuk-link" href={`/t/${slug}/customers/${r.accountId}/statement`} key="customer">
              {r.customerName}
            </a>,
            <a className="govuk-link" href={`/t/${slug}/documents/${r.documentId}`} key="invoice">
              {r.number}
            </a>,
            `${r.stageDays} days after due (sent ${r.daysOverdue} days after)`,
            formatPence(r.outstandingPence),
          ])}
        />
      )}
    </>
  );
}
