import { renderSVG } from 'uqr';
import { beginTwoFactorEnrolment as storePendingSecret, findOwnEmail } from '../../db/queries/two-factor';
import { withPerson } from '../../db/scope.server';
import { generateTotpSecret, totpKeyUri, typedSecret } from './totp';

export interface Enrolment {
  /** The key as a QR code: an inline SVG with its text alternative. */
  qrSvg: string;
  /** The same key to type in, for people who cannot scan. */
  typedSecret: string;
}

/** The QR code's text alternative: what it is for, since the key itself is written beside it. */
export const QR_CODE_LABEL = 'QR code for your authenticator app. The same key is written out below it.';

/**
 * Starts setting up two-factor sign-in for a person, or shows again the key they started with
 * (so reloading the page keeps the same QR code). Null once it is set up.
 */
export async function beginTwoFactorEnrolment(userId: string): Promise<Enrolment | null> {
  const found = await withPerson(userId, async (tx) => {
    const secret = await storePendingSecret(tx, userId, generateTotpSecret());
    return secret ? { secret, email: (await findOwnEmail(tx, userId)) ?? 'Traded' } : null;
  });
  if (!found) return null;
  const svg = renderSVG(totpKeyUri(found.secret, found.email), { border: 2 });
  return {
    qrSvg: svg.replace('<svg ', `<svg width="200" height="200" role="img" aria-label="${QR_CODE_LABEL}" `),
    typedSecret: typedSecret(found.secret),
  };
}
