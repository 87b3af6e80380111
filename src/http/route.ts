/**
 * A route as data: method, path, who may call it, whether it needs an `Idempotency-Key`, the
 * zod schemas of its path, query and body, and a handler answering a `Result`. `buildApp`
 * registers a list of these and `/openapi.json` is generated from the same list, so adding
 * a resource (checkout and Stripe webhooks in issue 6) is one more entry in that list.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { ErrorCode, Result } from '../domain/errors.ts';
import type { Engine } from '../engine/engine.ts';
import type { Store } from '../store/store.ts';
import type { AutoTopUpTrigger } from './auto-top-up/trigger.ts';
import type { HttpMetrics } from './metrics.ts';
import type { SignInLinks } from './operator/sign-in-links.ts';

/**
 * Who is calling: a tenant's backend (secret key), a customer's browser (session token), or a
 * customer's own program (customer API key, `tg_ck_…`, on routes that take one).
 */
export type Principal =
  | { readonly kind: 'tenant'; readonly tenantId: string }
  | {
      readonly kind: 'api_key';
      readonly tenantId: string;
      readonly customerId: string;
      readonly keyId: string;
    }
  | {
      readonly kind: 'session';
      readonly tenantId: string;
      readonly customerId: string;
      readonly scopes: readonly SessionScope[];
    };

/** What a customer session token may do: read that customer's balance and history, start checkout. */
export type SessionScope = 'read' | 'checkout';

/** Who may call a route: nobody needs a key (`public`), a tenant key, or also a session with a scope. */
export type RouteAccess = 'public' | 'tenant' | { readonly session: SessionScope };

/** What every handler may use. */
export interface AppDeps {
  readonly engine: Engine;
  readonly store: Store;
  readonly config: Config;
  readonly now: () => number;
  /** Demo mode: the studio's endpoints are served (decided once at start, `decideDemoMode`). */
  readonly demo: boolean;
  /** Offline test checkouts are open: demo mode, or `TOLLGATE_TEST_CHECKOUT=on`. */
  readonly testCheckouts: boolean;
  /** One-time dashboard sign-in links this process issued (`tollgate serve` prints them). */
  readonly signInLinks: SignInLinks;
  /** Starts auto top-ups after money answers, off the hot path (issue 17 item 1). */
  readonly autoTopUps: AutoTopUpTrigger;
}

export interface RouteContext<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The caller; `public` routes get a tenant-less placeholder. */
  readonly principal: Principal;
  readonly tenantId: string;
  /** The `Idempotency-Key` header (routes with `idempotent: true` only; else empty). */
  readonly idempotencyKey: string;
  readonly deps: AppDeps;
  readonly metrics: HttpMetrics;
  /** Every route of the app (the OpenAPI and docs routes render them). */
  readonly routes: readonly AnyRoute[];
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  /**
   * Refuses (as `not_found`) a customer a session token or customer API key does not belong to,
   * so it sees one customer and cannot learn whether others exist. Tenant keys pass.
   */
  readonly checkCustomer: (customerId: string) => Result<true>;
}

export interface RouteDef<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify path (`/v1/holds/:id/commit`). */
  readonly url: string;
  readonly operationId: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly access: RouteAccess;
  /**
   * A customer API key may also call it, for its own customer only: holds, charges and batches
   * (its per-minute limit and monthly credit cap bind), and commit or void of the holds it placed.
   */
  readonly customerApiKey?: boolean;
  /** Mutating: requires `Idempotency-Key`. */
  readonly idempotent?: boolean;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Answer schema for the reference (not used to serialize). */
  readonly response?: z.ZodType;
  /** Error codes this route may answer, for the reference. */
  readonly errors?: readonly ErrorCode[];
  /** Not JSON (metrics, docs page): the handler sends the reply itself and answers null. */
  readonly raw?: boolean;
  /**
   * The body is not parsed: `request.body` is the exact bytes received, as a Buffer, whatever
   * the Content-Type (Stripe webhooks, whose signature covers those bytes).
   */
  readonly rawBody?: boolean;
  /** How the OpenAPI document describes a `rawBody` route's body (one text schema per content type). */
  readonly rawBodyDoc?: { readonly contentTypes: readonly string[]; readonly description: string };
  /** Requests per client address (`request.ip`, so `TRUST_PROXY` applies) allowed in a window. */
  readonly perAddressLimit?: { readonly max: number; readonly windowMs: number };
  readonly handler: (
    ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>,
  ) => Promise<Result<unknown> | null>;
}

/** A route with its types erased, as stored in lists. */
export type AnyRoute = RouteDef<z.ZodType, z.ZodType, z.ZodType>;

/** Declares a route with typed handler inputs. */
export function defineRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(def: RouteDef<P, Q, B>): AnyRoute {
  return def as unknown as AnyRoute;
}
