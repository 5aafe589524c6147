import type { Mail } from './mailer.server';

/**
 * Who a message is from, as the person reading it sees it: the provider or the buyer it is sent
 * for (the address is always the service's own), with replies going to a person who can answer:
 * the provider's contact address, the buyer's order contact, or the person who acted.
 */
export function onBehalfOf(name: string, replyTo: string | null | undefined): Pick<Mail, 'fromName' | 'replyTo'> {
  return { fromName: name, replyTo: replyTo ?? undefined };
}
