import type { ActionFunctionArgs } from '@remix-run/node';
import { receiveStripeWebhook } from '../payments/stripe-webhook.server';

/** Stripe only posts here; anything else is told so. */
export function loader() {
  return new Response('Stripe posts webhooks here', { status: 405, headers: { Allow: 'POST' } });
}

/**
 * Stripe's webhooks for one tenant. The body is read as it came (the signature is over the exact
 * bytes). A valid event that cannot be applied now answers 503, so Stripe sends it again later.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return loader();
  const raw = await request.text();
  try {
    const answer = await receiveStripeWebhook(params.tenant ?? '', raw, request.headers.get('stripe-signature'));
    return new Response(answer.message, { status: answer.status, headers: { 'content-type': 'text/plain' } });
  } catch (error) {
    console.error('A Stripe webhook could not be applied', error);
    return new Response('Not applied now: send it again later', {
      status: 503,
      headers: { 'content-type': 'text/plain' },
    });
  }
}
