import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { readForm } from '../auth/csrf.server';
import { notFound } from '../auth/guards.server';
import { BackLink } from '../components/BackLink';
import { Button } from '../components/Button';
import { CsrfInput } from '../components/CsrfInput';
import { DateInput, dateParts, partsFrom } from '../components/DateInput';
import type { TitleHandle } from '../components/document-title';
import { ErrorSummary } from '../components/ErrorSummary';
import { InsetText } from '../components/InsetText';
import { Radios } from '../components/Radios';
import { Select } from '../components/Select';
import { Textarea } from '../components/Textarea';
import { isDomainError } from '../errors';
import { fieldError, parseForm } from '../forms/parse-form';
import { requireCouncilImprovement } from '../improvement/categories.server';
import { formatDays } from '../improvement/entitlement';
import { recordVisit } from '../improvement/record-visit.server';
import { VISIT_TYPE_VALUES, visitDates, visitForm } from '../improvement/visit-forms';
import { urnParam } from '../improvement/visit-route.server';
import { visitFormFacts } from '../improvement/visits.server';
import { useCsrfToken } from '../root';
import { VISIT_TYPES } from '../vocabulary';

export const handle: TitleHandle = { title: 'Log a visit' };

const PERMISSION = 'improvement.manage';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, PERMISSION);
  const facts = await visitFormFacts(ctx, urnParam(params.urn));
  if (!facts) throw notFound();
  return { slug: ctx.tenant.slug, userId: ctx.userId, ...facts };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireCouncilImprovement(request, params.tenant, PERMISSION);
  const urn = urnParam(params.urn);
  const parsed = parseForm(visitForm, await readForm(request), visitDates);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { days, ...rest } = parsed.data;
  try {
    const id = await recordVisit(ctx, { ...rest, urn, daysHundredths: days }, new URL(request.url).origin);
    return redirect(`/t/${ctx.tenant.slug}/schools/${urn}/visits?logged=${id}`);
  } catch (error) {
    if (isDomainError(error))
      return data(
        { errors: [{ field: error.field, message: error.message }], values: parsed.values },
        { status: error.status },
      );
    throw error;
  }
}

export default function LogVisit() {
  const { slug, userId, school, yearLabel, today, category, position, lines, people } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const error = (field: string) => fieldError(errors, field);
  return (
    <>
      <BackLink href={`/t/${slug}/schools/${school.urn}/visits`}>Back to visits</BackLink>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">
        {school.name}, URN {school.urn}
      </span>
      <h1 className="govuk-heading-l">Log a visit</h1>
      <InsetText>
        {category
          ? `${category.name} support in ${yearLabel}: ${formatDays(position.remainingHundredths)} of ${formatDays(position.entitledHundredths)} of core entitlement left.`
          : `Not placed in a category for ${yearLabel}: no funded days, so the visit is traded.`}{' '}
        A visit draws the core entitlement first; the rest is traded,
        {lines.length > 0
          ? ' recorded on the school’s purchase for the school to confirm.'
          : ' at the published day rate (the school has not bought school improvement days: not commissioned).'}
      </InsetText>
      <form method="post" noValidate>
        <CsrfInput token={csrf} />
        <DateInput
          name="visitedOn"
          legend="Date of the visit"
          hint={`For example, ${dateParts(today).day} ${dateParts(today).month} ${dateParts(today).year}`}
          error={error('visitedOn')}
          defaultValue={values['visitedOn-day'] !== undefined ? partsFrom(values, 'visitedOn') : {}}
        />
        <Radios
          name="visitType"
          legend="Type of visit"
          items={VISIT_TYPE_VALUES.map((v) => ({ value: v, label: VISIT_TYPES[v] }))}
          defaultValue={values.visitType}
          error={error('visitType')}
        />
        <Select
          name="practitionerId"
          label="Who made the visit"
          items={people.map((p) => ({ value: p.id, label: p.name }))}
          defaultValue={values.practitionerId ?? userId}
          error={error('practitionerId')}
        />
        <Radios
          name="days"
          legend="How long was the visit"
          inline
          items={[
            { value: 'half', label: 'Half a day' },
            { value: 'day', label: 'A day' },
          ]}
          defaultValue={values.days}
          error={error('days')}
        />
        {lines.length > 1 ? (
          <Select
            name="orderLineId"
            label="Purchase the traded part is recorded on"
            hint="Only needed when the visit goes beyond the core entitlement"
            items={[{ value: '', label: 'Choose a purchase' }, ...lines.map((l) => ({ value: l.id, label: l.name }))]}
            defaultValue={values.orderLineId ?? ''}
            error={error('orderLineId')}
          />
        ) : (
          <>
            {lines.length === 1 ? <input type="hidden" name="orderLineId" value={lines[0]!.id} /> : null}
            {error('orderLineId') ? (
              <p className="govuk-error-message" id="orderLineId">
                <span className="govuk-visually-hidden">Error:</span> {error('orderLineId')}
              </p>
            ) : null}
          </>
        )}
        <Textarea name="note" label="Note" defaultValue={values.note} error={error('note')} />
        <Textarea
          name="agreedActions"
          label="Agreed actions"
          defaultValue={values.agreedActions}
          error={error('agreedActions')}
        />
        <Button>Log the visit</Button>
      </form>
    </>
  );
}
