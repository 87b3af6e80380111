/**
 * Schemas of the outgoing webhook routes: endpoint creation, the delivery log's filters, and
 * what endpoints and deliveries look like in answers. They validate requests and feed the
 * OpenAPI document like the other schemas.
 */
import { z } from 'zod';
import { OUTGOING_EVENT_TYPES } from '../../webhooks/events.ts';
import { idSchema } from './common.ts';

const int = z.int();
const time = z.int().describe('Epoch milliseconds');
const eventType = z.enum(OUTGOING_EVENT_TYPES as [string, ...string[]]);

export const createWebhookEndpointBody = z.strictObject({
  url: z
    .string()
    .min(1)
    .max(2048)
    .describe('Where to POST events: an absolute http(s) URL (use https in production)'),
  event_types: z
    .array(eventType)
    .min(1)
    .max(OUTGOING_EVENT_TYPES.length)
    .nullable()
    .optional()
    .describe('Event types to receive; omit or null for every type'),
  description: z.string().max(1000).nullable().optional(),
});

export const webhookDeliveriesQuery = z.strictObject({
  endpoint: idSchema.optional().describe('Only deliveries to this endpoint'),
  event: idSchema.optional().describe('Only deliveries of this event (its webhook-id, `msg_…`)'),
  cursor: z.string().min(1).max(255).optional().describe('next_cursor of the previous page'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe('Deliveries per page, 1-100 (default 20)'),
});

export const webhookEndpointSchema = z.looseObject({
  object: z.literal('webhook_endpoint'),
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  event_types: z.array(z.string()).nullable().describe('Subscribed types; null = all'),
  created_at: time,
  disabled_at: time.nullable().describe('When it was deleted'),
  secret: z
    .string()
    .nullable()
    .optional()
    .describe('The `whsec_…` signing secret: only in the answer that created the endpoint'),
});

export const webhookEndpointListSchema = z.looseObject({
  object: z.literal('list'),
  data: z.array(webhookEndpointSchema),
});

const attemptSchema = z.looseObject({
  attempt: int.describe('1-based; replays continue the count'),
  attempted_at: time,
  status_code: int.nullable().describe('null when no answer came (refused, timed out)'),
  duration_ms: int,
  error: z.string().nullable(),
  response_snippet: z.string().nullable().describe("First bytes of the endpoint's answer"),
  outcome: z.enum(['delivered', 'retry', 'gave_up']),
});

export const webhookDeliverySchema = z.looseObject({
  object: z.literal('webhook_delivery'),
  id: z.string(),
  endpoint_id: z.string(),
  event_id: z.string().describe('The `webhook-id` header the endpoint receives, the same on every attempt'),
  event_type: z.string(),
  status: z.enum(['pending', 'delivered', 'failed', 'canceled']),
  attempt_count: int,
  next_attempt_at: time.nullable().describe('When the next attempt is due; null unless pending'),
  delivered_at: time.nullable(),
  created_at: time,
  attempts: z.array(attemptSchema),
});

export const webhookDeliveryListSchema = z.looseObject({
  object: z.literal('list'),
  data: z.array(webhookDeliverySchema),
  has_more: z.boolean(),
  next_cursor: z.string().nullable(),
});
