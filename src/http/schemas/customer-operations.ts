/** Schemas of the operator's customer routes (issue 14 item 2): the list, flags and adjustments. */
import { z } from 'zod';
import { MAX_CREDITS } from './common.ts';

export const listCustomersQuery = z.strictObject({
  query: z
    .string()
    .max(255)
    .optional()
    .describe('A prefix of the customer id or (without case) of the email'),
  plan: z.string().min(1).max(255).optional().describe('Only customers on this plan'),
  flagged: z
    .enum(['true', 'false'])
    .optional()
    .describe('Only flagged (`true`) or unflagged (`false`) customers'),
  cursor: z.string().min(1).max(500).optional().describe('`next_cursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('1-100, default 20'),
});

export const customerListSchema = z.looseObject({
  object: z.literal('list'),
  data: z.array(
    z.looseObject({
      id: z.string(),
      email: z.string().nullable(),
      plan: z.string(),
      flagged: z.boolean(),
      balance: z.int(),
      held: z.int(),
      available: z.int(),
      created_at: z.int().describe('Epoch milliseconds'),
    }),
  ),
  has_more: z.boolean(),
  next_cursor: z.string().nullable(),
});

export const flagBody = z.strictObject({
  reason: z
    .string()
    .min(1)
    .max(1000)
    .nullable()
    .optional()
    .describe('Why (optional; kept only with the request’s idempotency record)'),
});

export const flagSchema = z.looseObject({
  object: z.literal('customer_flag'),
  customer: z.string(),
  flagged: z.boolean(),
});

export const adjustBody = z.strictObject({
  credits: z
    .int()
    .min(-MAX_CREDITS)
    .max(MAX_CREDITS)
    .refine((n) => n !== 0, 'credits must not be 0')
    .describe('Signed: positive adds an adjustment lot, negative takes credits from the lots in order'),
  reason: z.string().min(1).max(255).describe('Why, shown in the ledger'),
});

export const adjustSchema = z.looseObject({
  object: z.literal('adjustment'),
  customer: z.string(),
  credits: z.int(),
  transaction: z.string(),
});
