import type { ReactNode } from 'react';
import { Table } from '../components/Table';
import { Textarea } from '../components/Textarea';
import { StateTag } from '../components/StateTag';
import { formatPence } from '../money';
import { ORDER_STATES } from '../vocabulary';
import type { OrderStatus } from './order-state';

export interface VariationView {
  id: string;
  quantityBefore: number;
  quantityAfter: number;
  totalBeforePence: number;
  totalAfterPence: number;
  reason: string;
  status: string;
  requestedBy: string;
  requestedByName: string;
  closedReason: string | null;
}

/** Changes asked for on a line, each priced from the line's agreed price, with what became of them. */
export function VariationList({
  serviceName,
  variations,
  actions,
}: {
  serviceName: string;
  variations: VariationView[];
  actions?: (v: VariationView) => ReactNode;
}) {
  if (variations.length === 0) return null;
  const withActions = Boolean(actions);
  return (
    <Table
      caption={`Changes to the amount: ${serviceName}`}
      captionClassName="govuk-table__caption--s"
      head={['Change', 'Price', 'Why', 'Status', ...(withActions ? ['Action'] : [])]}
      rows={variations.map((v) => [
        `${v.quantityBefore} to ${v.quantityAfter}`,
        `${formatPence(v.totalBeforePence)} to ${formatPence(v.totalAfterPence)}`,
        `${v.reason} (${v.requestedByName})`,
        <>
          <StateTag state={ORDER_STATES[v.status as OrderStatus]} />
          {v.closedReason ? <span className="govuk-!-display-block">{v.closedReason}</span> : null}
        </>,
        ...(actions ? [actions(v)] : []),
      ])}
    />
  );
}

/**
 * The two answers to a change waiting on this side: a button that agrees (posting `intent`) and a
 * link that opens the form to refuse it with a reason (`?<refuseParam>=<id>`).
 */
export function VariationAnswer(props: {
  variation: VariationView;
  csrf: string;
  base: string;
  intent: string;
  agreeLabel: string;
  refuseParam: string;
  refuseLabel: string;
}) {
  const v = props.variation;
  const which = (
    <span className="govuk-visually-hidden">
      {' '}
      from {v.quantityBefore} to {v.quantityAfter}
    </span>
  );
  return (
    <>
      <form method="post" action={props.base} noValidate>
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="intent" value={props.intent} />
        <input type="hidden" name="variationId" value={v.id} />
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          {props.agreeLabel}
          {which}
        </button>
      </form>
      <a className="govuk-link" href={`${props.base}?${props.refuseParam}=${v.id}#${props.refuseParam}Reason`}>
        {props.refuseLabel}
        {which}
      </a>
    </>
  );
}

/** The form refusing a change with a reason; its field is `<refuseParam>Reason`, the link's target. */
export function VariationRefusal(props: {
  variation: VariationView;
  csrf: string;
  action?: string;
  intent: string;
  refuseParam: string;
  verb: string;
  buttonLabel: string;
  defaultValue?: string;
  error?: string;
}) {
  const v = props.variation;
  return (
    <form method="post" action={props.action} noValidate>
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name="variationId" value={v.id} />
      <Textarea
        name={`${props.refuseParam}Reason`}
        label={`Reason for ${props.verb} the change from ${v.quantityBefore} to ${v.quantityAfter}`}
        rows={3}
        defaultValue={props.defaultValue}
        error={props.error}
      />
      <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
        {props.buttonLabel}
      </button>
    </form>
  );
}
