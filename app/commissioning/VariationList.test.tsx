import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { VariationAnswer, VariationRefusal } from './VariationList';

const variation = {
  id: 'v1',
  quantityBefore: 3,
  quantityAfter: 5,
  totalBeforePence: 150000,
  totalAfterPence: 250000,
  reason: 'More',
  status: 'awaiting_provider',
  requestedBy: 'u1',
  requestedByName: 'Jo',
  closedReason: null,
};

describe('answering a change', () => {
  it('agrees by posting the intent, and links to the refusal field by the same name the form uses', () => {
    const answer = renderToStaticMarkup(
      <VariationAnswer
        variation={variation}
        csrf="t"
        base="/o/1"
        intent="acceptChange"
        agreeLabel="Accept change"
        refuseParam="declineChange"
        refuseLabel="Decline change"
      />,
    );
    expect(answer).toContain('name="intent" value="acceptChange"');
    expect(answer).toContain('href="/o/1?declineChange=v1#declineChangeReason"');
    const refusal = renderToStaticMarkup(
      <VariationRefusal
        variation={variation}
        csrf="t"
        intent="declineChange"
        refuseParam="declineChange"
        verb="declining"
        buttonLabel="Decline change"
        error="Enter a reason"
      />,
    );
    expect(refusal).toContain('id="declineChangeReason"');
    expect(refusal).toContain('Reason for declining the change from 3 to 5');
    expect(refusal).toContain('govuk-form-group--error');
    expect(refusal).toContain('name="csrf" value="t"');
  });
});
