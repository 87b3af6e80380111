/** Schemas of operator sign-in: the key exchange's body and the session the dashboard reads. */
import { z } from 'zod';

export const operatorSignInBody = z.strictObject({
  key: z
    .string()
    .min(1)
    .max(2048)
    .describe("The tenant's secret key (`tg_sk_…`); exchanged once, never stored by the browser"),
});

export const signInLinkQuery = z.strictObject({
  token: z.string().min(1).max(200).describe('The one-time token of a sign-in link'),
});

export const operatorSessionSchema = z.looseObject({
  object: z.literal('operator_session'),
  tenant: z.string(),
  expires_at: z.int().describe('Epoch milliseconds'),
  csrf_token: z.string().describe('Send it as `X-CSRF-Token` on every write made with the session cookie'),
});

export const operatorSignOutSchema = z.looseObject({
  object: z.literal('operator_session'),
  signed_out: z.literal(true),
});
