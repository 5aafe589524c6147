import { listSignInProviderChoices } from '../../db/queries/single-sign-on';
import { withPerson } from '../../db/scope.server';
import { SIGN_IN_PROVIDERS } from '../vocabulary';

/**
 * The sign-in page's "Sign in with …" buttons, one per enabled issuer, carrying where the person
 * was going. When several providers use the same kind (councils with their own Microsoft), each
 * button names whose it is.
 */
export async function signInProviderButtons(returnTo: string | null): Promise<Array<{ href: string; label: string }>> {
  const choices = await withPerson(null, (tx) => listSignInProviderChoices(tx));
  const query = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : '';
  return choices.map((choice) => {
    const several = choices.filter((c) => c.kind === choice.kind).length > 1;
    const name = SIGN_IN_PROVIDERS[choice.kind].button;
    return {
      href: `/sign-in/with/${choice.id}${query}`,
      label: several && choice.tenant_name ? `Sign in with ${name} (${choice.tenant_name})` : `Sign in with ${name}`,
    };
  });
}
