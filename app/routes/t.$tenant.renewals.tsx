import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { requireTenantMember } from '../auth/guards.server';
import { formatDate } from '../calendar/contract-year';
import { openWindowForm } from '../commissioning/renewal-form';
import { openRenewalWindow, renewalStatus } from '../commissioning/renewals.server';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { InsetText } from '../components/InsetText';
import { NotificationBanner } from '../components/NotificationBanner';
import { Radios } from '../components/Radios';
import { Table } from '../components/Table';
import { StateTag } from '../components/StateTag';
import { Tag } from '../components/Tag';
import { RENEWAL_DECISIONS } from '../vocabulary';
import { Textarea } from '../components/Textarea';
import { TextInput } from '../components/TextInput';
import { DateInput, partsFrom } from '../components/DateInput';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { publicBaseUrl } from '../mail/mailer.server';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Buy-back and renewals' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'orders.manage');
  return { slug: ctx.tenant.slug, windows: await renewalStatus(ctx) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'orders.manage');
  const parsed = parseForm(openWindowForm, await readForm(request), {
    closesOn: { words: 'the deadline for renewals' },
  });
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await openRenewalWindow(ctx, parsed.data, publicBaseUrl(request));
    return redirect(`/t/${ctx.tenant.slug}/renewals?opened=1`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function Renewals() {
  const { slug, windows } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const v: Record<string, string> = result?.values ?? { yearKind: 'academic' };
  return (
    <>
      <ErrorSummary errors={errors} />
      {params.get('opened') ? (
        <NotificationBanner
          type="success"
          heading="Buy-back window opened: customers with last year's subscriptions have been told"
        />
      ) : null}
      <h1 className="govuk-heading-l">Buy-back and renewals</h1>
      {windows.length === 0 ? <p className="govuk-body">No buy-back window has been opened yet.</p> : null}
      {windows.map((w) => (
        <div key={w.id}>
          <Table
            caption={`${w.label}: open ${formatDate(w.opensOn)} to ${formatDate(w.closesOn)}`}
            captionClassName="govuk-table__caption--m"
            head={['Customer', 'Last year', 'Renewal']}
            firstCellIsHeader
            rows={
              w.lines.length
                ? w.lines.map((l) => [
                    l.buyerName,
                    `${l.serviceName}${l.packageCode ? ` (${l.packageCode})` : ''} × ${l.quantity}`,
                    l.decision === 'renewed' ? (
                      <span key="r">
                        <StateTag state={RENEWAL_DECISIONS.renewed} />{' '}
                        {l.renewalOrderId ? (
                          <a className="govuk-link" href={`/t/${slug}/orders/${l.renewalOrderId}`}>
                            {l.renewalReference}
                          </a>
                        ) : null}
                      </span>
                    ) : l.decision === 'dropped' ? (
                      <StateTag key="d" state={RENEWAL_DECISIONS.dropped} />
                    ) : (
                      <Tag key="n" colour="grey">
                        Not yet
                      </Tag>
                    ),
                  ])
                : [['No subscriptions from the year before', '', '']]
            }
          />
          {w.note ? (
            <InsetText>
              <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">Your note to schools:</p>
              <p className="govuk-body" style={{ whiteSpace: 'pre-line' }}>
                {w.note}
              </p>
            </InsetText>
          ) : null}
        </div>
      ))}
      <h2 className="govuk-heading-m">Open a buy-back window</h2>
      <p className="govuk-body">
        Schools see last year's subscriptions ready to renew, change or drop at the new year's prices, until the
        deadline.
      </p>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <Radios
          name="yearKind"
          legend="Contract year"
          inline
          items={[
            { value: 'academic', label: 'Academic (September to August)' },
            { value: 'financial', label: 'Financial (April to March)' },
          ]}
          defaultValue={v.yearKind}
          error={fieldError(errors, 'yearKind')}
        />
        <TextInput
          name="startYear"
          label="Year it starts"
          hint="For 2027/28, enter 2027"
          width="4"
          inputMode="numeric"
          defaultValue={v.startYear}
          error={fieldError(errors, 'startYear')}
        />
        <DateInput
          name="closesOn"
          legend="Deadline"
          hint="The last day schools can answer. For example, 31 3 2027"
          defaultValue={partsFrom(v, 'closesOn')}
          error={fieldError(errors, 'closesOn')}
        />
        <Textarea
          name="note"
          label="Note for schools (optional)"
          hint="Schools see it beside their renewals, and in the email telling them the window is open"
          defaultValue={v.note}
          error={fieldError(errors, 'note')}
          rows={3}
        />
        <Button>Open buy-back window</Button>
      </form>
    </>
  );
}
