/**
 * Building blocks of the API's schemas: ids, credits, times and the generation parameters in
 * the CLI's words. The same zod schemas validate requests and generate the OpenAPI document,
 * so what the reference page says is what the server checks.
 */
import { z } from 'zod';

/** Largest credit amount one request may name (matches the engine's bound). */
export const MAX_CREDITS = 1_000_000_000_000;
const MAX_TIME = 8_640_000_000_000_000;

/** An id: the tenant's own customer id, or one Tollgate made (hold, charge, key). */
export const idSchema = z.string().min(1).max(255).describe('An id, 1-255 characters');

/** A whole, positive number of credits. */
export const creditsSchema = z.int().min(1).max(MAX_CREDITS).describe('Whole credits, at least 1');

/** A time: epoch milliseconds, or an ISO 8601 date or date-time; answered as epoch milliseconds. */
export const timeSchema = z
  .union([
    z.int().min(0).max(MAX_TIME),
    z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
    z.iso.date().transform((s) => Date.parse(`${s}T00:00:00Z`)),
  ])
  .describe('Epoch milliseconds, or an ISO 8601 date (`2025-06-01`) or date-time');

/** What to generate, in the CLI's words. Fields a model's pricing does not use are ignored. */
export const generationParamsSchema = z
  .strictObject({
    variant: z.string().min(1).max(100).optional().describe('A priced option, e.g. `10s` or `hd`'),
    duration: z.number().positive().max(86_400).optional().describe('Seconds of output (video, music)'),
    count: z
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe('How many generations; multiplies the price. Default 1'),
    prompt: z
      .string()
      .max(200_000)
      .optional()
      .describe('Text whose tokens are counted when input_tokens is absent'),
    input_tokens: z.int().min(0).max(100_000_000).optional(),
    output_tokens: z
      .int()
      .min(0)
      .max(100_000_000)
      .optional()
      .describe("Expected output tokens (the request's max_tokens)"),
  })
  .describe('Generation parameters');

export type GenerationParamsJson = z.output<typeof generationParamsSchema>;

/** Converts API params (snake_case) to the engine's words. */
export function toEngineParams(p: GenerationParamsJson | undefined) {
  const out: {
    variant?: string;
    duration?: number;
    count?: number;
    prompt?: string;
    inputTokens?: number;
    outputTokens?: number;
  } = {};
  if (p === undefined) return out;
  if (p.variant !== undefined) out.variant = p.variant;
  if (p.duration !== undefined) out.duration = p.duration;
  if (p.count !== undefined) out.count = p.count;
  if (p.prompt !== undefined) out.prompt = p.prompt;
  if (p.input_tokens !== undefined) out.inputTokens = p.input_tokens;
  if (p.output_tokens !== undefined) out.outputTokens = p.output_tokens;
  return out;
}

/** `:id` in a path. */
export const idPathSchema = z.strictObject({ id: idSchema });

/** An empty body: POST routes that take no fields still refuse unknown ones. */
export const emptyBodySchema = z.strictObject({});

/** The error shape every refusal answers. */
export const errorSchema = z
  .object({
    error: z.object({
      type: z.string().describe('Family: invalid_request_error, credit_error, rate_limit_error, ...'),
      code: z.string().describe('The error code, one of the codes listed on the reference page'),
      message: z.string(),
      param: z.string().optional().describe('The field, header or query parameter at fault'),
      details: z.record(z.string(), z.unknown()).optional().describe('What the caller needs to recover'),
    }),
  })
  .describe('Error');
