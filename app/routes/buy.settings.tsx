import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { readForm } from '../auth/csrf.server';
import { requireBuyer } from '../auth/guards.server';
import { approvalThreshold, setApprovalThreshold } from '../commissioning/buyer-settings.server';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { TextInput } from '../components/TextInput';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { formatPence, parsePounds, penceToPoundsText } from '../money';
import { useCsrfToken } from '../root';

export const handle: TitleHandle = { title: 'Approval' };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.settings');
  return { organisationName: ctx.organisationName, thresholdPence: await approvalThreshold(ctx) };
}

const MAX_THRESHOLD_PENCE = 100_000_000_00; // £100 million: far beyond any order

const approvalForm = z.object({
  threshold: z
    .string()
    .trim()
    .transform((text, ctx) => {
      if (text === '') return null;
      const pence = parsePounds(text);
      if (pence === null) {
        ctx.addIssue({ code: 'custom', message: 'Enter an amount in pounds, like 500 or 1,250.00' });
        return z.NEVER;
      }
      if (pence < 0) {
        ctx.addIssue({ code: 'custom', message: 'Enter an amount of £0 or more' });
        return z.NEVER;
      }
      if (pence > MAX_THRESHOLD_PENCE) {
        ctx.addIssue({ code: 'custom', message: 'Enter an amount of £100,000,000 or less' });
        return z.NEVER;
      }
      return pence;
    }),
});

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireBuyer(request, 'buy.settings');
  const parsed = parseForm(approvalForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await setApprovalThreshold(ctx, parsed.data.threshold);
    return redirect('/buy/settings?saved=1');
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function ApprovalSettings() {
  const { organisationName, thresholdPence } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {params.get('saved') ? (
          <NotificationBanner
            type="success"
            heading={
              thresholdPence === null
                ? 'No order needs approval'
                : `Orders of ${formatPence(thresholdPence)} or more need approval`
            }
          />
        ) : null}
        <span className="govuk-caption-l">{organisationName}</span>
        <h1 className="govuk-heading-l">Approval</h1>
        <p className="govuk-body">
          {thresholdPence === null
            ? 'At the moment no order needs approval: orders go straight to the provider.'
            : `At the moment orders of ${formatPence(thresholdPence)} or more wait for an approver before they go to the provider. Nobody can approve an order they placed.`}
        </p>
        <form method="post" noValidate>
          <CsrfInput token={csrf} />
          <TextInput
            name="threshold"
            label="Orders need approval from"
            hint="Orders at or above this amount need an approver. Leave blank if no order needs approval."
            width="10"
            inputMode="decimal"
            spellCheck={false}
            defaultValue={
              result?.values?.threshold ?? (thresholdPence === null ? '' : penceToPoundsText(thresholdPence))
            }
            error={fieldError(errors, 'threshold')}
          />
          <Button>Save</Button>
        </form>
      </div>
    </div>
  );
}
