/** Request and response schemas of the tenant key routes (issue 11 item 7). */
import { z } from 'zod';

const time = z.int().describe('Epoch milliseconds');

export const createTenantKeyBody = z.strictObject({
  name: z
    .string()
    .max(200)
    .nullable()
    .optional()
    .describe('What the key is for (`ci deploy`), shown in lists'),
});

export const tenantKeySchema = z.looseObject({
  object: z.literal('tenant_key'),
  id: z.string(),
  prefix: z.string().describe('First characters of the key, to tell keys apart'),
  name: z.string().nullable(),
  created_at: time,
  revoked_at: time.nullable(),
  key: z
    .string()
    .nullable()
    .optional()
    .describe('The secret key itself (`tg_sk_…`): only in the answer that created it'),
});

export const tenantKeyListSchema = z.looseObject({
  object: z.literal('list'),
  data: z.array(tenantKeySchema),
});
