import { z } from 'zod';

/**
 * An admin's OpenID Connect settings. The client secret is never shown again once saved: left
 * blank, the saved one is kept (the use case refuses a blank secret when none is saved).
 */
export const signInProviderForm = z.object({
  issuerUrl: z
    .string()
    .trim()
    .min(1, 'Enter the issuer URL')
    .max(500, 'Enter an issuer URL of 500 characters or fewer'),
  clientId: z.string().trim().min(1, 'Enter the client ID').max(200, 'Enter a client ID of 200 characters or fewer'),
  clientSecret: z
    .string()
    .trim()
    .max(500, 'Enter a client secret of 500 characters or fewer')
    .optional()
    .transform((secret) => (secret ? secret : null)),
  enabled: z
    .literal('yes')
    .optional()
    .transform((ticked) => ticked === 'yes'),
});

export type SignInProviderInput = z.output<typeof signInProviderForm>;
