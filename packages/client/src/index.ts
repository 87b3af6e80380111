/** The Tollgate TypeScript client: `createTollgate`, its errors and the API's types. */

export type * from './analytics-types.ts';
export { createTollgate, type TollgateClient, type TollgateOptions } from './client.ts';
export { TollgateError, TollgateNetworkError } from './errors.ts';
export type { GenerateRequest, GenerateRun } from './generate.ts';
export { createIdempotencyKey } from './transport.ts';
export type * from './types.ts';
