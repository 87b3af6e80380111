/**
 * `buildApp(deps)`: the Fastify app with every route, never listening (the CLI's `serve`
 * listens; tests call `app.inject()`). Each route in the list is wrapped the same way:
 * authenticate, require `Idempotency-Key` on mutations, validate path, query and body with
 * the route's zod schemas, run the handler, answer its `Result` as JSON or as the one error
 * shape. More routes (Stripe checkout and webhooks, the studio) plug in through `routes`.
 */
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { type DomainError, type ErrorCode, fail } from '../domain/errors.ts';
import type { Engine } from '../engine/engine.ts';
import { StoreBusyError } from '../store/busy.ts';
import type { Store } from '../store/store.ts';
import { type Authenticator, createAuthenticator } from './auth.ts';
import { type AuthLimiter, createAuthLimiter } from './auth-limiter.ts';
import { type AutoTopUpTrigger, createAutoTopUpTrigger } from './auto-top-up/trigger.ts';
import { listDeclaredErrors } from './declared-errors.ts';
import { INTERNAL_ERROR_BODY, STORE_BUSY_ERROR, sendError } from './errors.ts';
import { createHttpMetrics, type HttpMetrics } from './metrics.ts';
import { describeNulByte, findNulByte, findNulInValue, hasNulInBytes } from './nul-bytes.ts';
import { createSignInLinks, type SignInLinks } from './operator/sign-in-links.ts';
import { parseInput, readIdempotencyKey } from './parse.ts';
import { registerLimitedRoute } from './per-address-limit.ts';
import type { AnyRoute, AppDeps, Principal } from './route.ts';
import { listDefaultRoutes } from './routes/index.ts';
import { studioRoutes } from './routes/studio.ts';

export interface BuildAppOptions {
  readonly engine: Engine;
  readonly store: Store;
  readonly config: Config;
  readonly now?: () => number;
  /** A pino logger (serve passes one); none = silent. */
  readonly logger?: FastifyBaseLogger;
  /** Failed authentications allowed per client address and per key prefix per minute (default 20). */
  readonly authFailuresPerMinute?: number;
  /**
   * Demo mode (default off): serves the studio's unauthenticated endpoints and opens offline
   * test checkouts. `serve` decides it with `decideDemoMode`.
   */
  readonly demo?: boolean;
  /** Routes added after the built-in ones (issue 6's checkout and webhooks, issue 7's studio). */
  readonly routes?: readonly AnyRoute[];
  /**
   * Called when a route refuses with a code its OpenAPI errors do not list (`listDeclaredErrors`).
   * The test app throws, so every HTTP test checks the document against what handlers answer.
   */
  readonly onUndeclaredError?: (route: AnyRoute, code: ErrorCode) => void;
  /** One-time dashboard sign-in links (serve issues and prints them); default an empty set. */
  readonly signInLinks?: SignInLinks;
}

const PUBLIC: Principal = { kind: 'tenant', tenantId: '' };
/** API routes without query parameters refuse any (a typo such as `?limt=5` should not pass silently). */
const NO_QUERY = z.strictObject({});

/** Parses JSON bodies; an empty body is "no body", malformed JSON is a 400 naming `body`. */
function parseJsonBody(
  _req: FastifyRequest,
  text: string | Buffer,
  done: (err: Error | null, body?: unknown) => void,
) {
  const s = typeof text === 'string' ? text : text.toString('utf8');
  if (s.trim() === '') return done(null, undefined);
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    return done(
      Object.assign(new Error('body is not valid JSON'), { statusCode: 400, tollgateParam: 'body' }),
    );
  }
  const nul = findNulInValue(parsed, 'body');
  if (nul !== null) return done(nulByteError(nul));
  done(null, parsed);
}

/** The 400 a content parser answers for a NUL byte (the error handler shapes it). */
function nulByteError(where: string): Error {
  return Object.assign(new Error(describeNulByte(where)), { statusCode: 400, tollgateParam: where });
}

function registerRoute(
  app: FastifyInstance,
  route: AnyRoute,
  deps: AppDeps,
  auth: Authenticator,
  metrics: HttpMetrics,
  routes: readonly AnyRoute[],
  onUndeclared: (route: AnyRoute, code: ErrorCode) => void,
): void {
  const declared = listDeclaredErrors(route);
  app.route({
    method: route.method,
    url: route.url,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const refuse = (error: DomainError) => {
        if (!declared.has(error.code)) onUndeclared(route, error.code);
        return sendError(reply, error);
      };
      let principal = PUBLIC;
      if (route.access !== 'public') {
        const who = await auth.authenticate(request, route.access, route.customerApiKey === true);
        if (!who.ok) return refuse(who.error);
        principal = who.value;
      }
      let idempotencyKey = '';
      if (route.idempotent) {
        const key = readIdempotencyKey(request.headers['idempotency-key']);
        if (!key.ok) return refuse(key.error);
        idempotencyKey = key.value;
      }
      const params = parseInput(route.params, request.params, 'path');
      if (!params.ok) return refuse(params.error);
      const query = parseInput(
        route.query ?? (route.access === 'public' ? undefined : NO_QUERY),
        request.query ?? {},
        'query',
      );
      if (!query.ok) return refuse(query.error);
      const body = parseInput(route.body, request.body ?? {}, 'body');
      if (!body.ok) return refuse(body.error);
      const result = await route.handler({
        params: params.value,
        query: query.value,
        body: body.value,
        principal,
        tenantId: principal.tenantId,
        idempotencyKey,
        deps,
        metrics,
        routes,
        request,
        reply,
        checkCustomer: (customerId) =>
          principal.kind !== 'tenant' && principal.customerId !== customerId
            ? fail('not_found', `no customer ${customerId}`, 'customer')
            : { ok: true, value: true },
      });
      if (result === null) return reply;
      if (!result.ok) return refuse(result.error);
      return reply.status(200).send(result.value);
    },
  });
}

/**
 * Registers a `rawBody` route in its own encapsulated scope, whose only body parser keeps the
 * exact bytes as a Buffer (any Content-Type): a signature over the body must be checked on
 * what was sent, not on re-serialized JSON. Every other route keeps the JSON-only parser.
 */
function registerRawBodyRoute(
  app: FastifyInstance,
  route: AnyRoute,
  deps: AppDeps,
  auth: Authenticator,
  metrics: HttpMetrics,
  routes: readonly AnyRoute[],
  onUndeclared: (route: AnyRoute, code: ErrorCode) => void,
): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
      hasNulInBytes(body) ? done(nulByteError('body')) : done(null, body),
    );
    registerRoute(scope, route, deps, auth, metrics, routes, onUndeclared);
  });
}

const triggers = new WeakMap<FastifyInstance, AutoTopUpTrigger>();

/** The auto top-up trigger of an app `buildApp` made (its background loop, tests' `drain`). */
export function autoTopUpsOf(app: FastifyInstance): AutoTopUpTrigger {
  const trigger = triggers.get(app);
  if (trigger === undefined) throw new Error('not an app buildApp made');
  return trigger;
}

/** Builds the app with the built-in routes and any extra ones; it does not listen. */
export function buildApp(options: BuildAppOptions): FastifyInstance {
  const now = options.now ?? Date.now;
  const demo = options.demo ?? false;
  const base: Omit<AppDeps, 'autoTopUps'> = {
    engine: options.engine,
    store: options.store,
    config: options.config,
    now,
    demo,
    testCheckouts: demo || options.config.testCheckout,
    signInLinks: options.signInLinks ?? createSignInLinks(now),
  };
  const autoTopUps = createAutoTopUpTrigger(base, () => app);
  const deps: AppDeps = { ...base, autoTopUps };
  const app = Fastify({
    ...(options.logger === undefined ? { logger: false } : { loggerInstance: options.logger }),
    bodyLimit: 1_048_576,
    return503OnClosing: true,
    // request.ip is the peer, or what X-Forwarded-For says when the peer is a configured proxy.
    ...(options.config.trustProxy.length === 0 ? {} : { trustProxy: [...options.config.trustProxy] }),
  });
  const metrics = createHttpMetrics();
  const limiter: AuthLimiter = createAuthLimiter(options.authFailuresPerMinute ?? 20, now);
  const auth = createAuthenticator(options.engine, limiter, now);
  const onUndeclared =
    options.onUndeclaredError ??
    ((route: AnyRoute, code: ErrorCode) =>
      app.log.warn({ route: `${route.method} ${route.url}`, code }, 'refusal not in the OpenAPI document'));
  const routes = [...listDefaultRoutes(), ...(demo ? studioRoutes : []), ...(options.routes ?? [])];

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, _text, done) =>
    done(
      Object.assign(new Error('send JSON with Content-Type: application/json'), {
        statusCode: 415,
        tollgateParam: 'Content-Type',
      }),
    ),
  );

  // Before authentication and parsing: a NUL byte in the path, the query or a header is a 400.
  app.addHook('onRequest', async (request, reply) => {
    const where = findNulByte(request);
    if (where !== null) return sendError(reply, fail('invalid_request', describeNulByte(where), where).error);
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((error: Error & { statusCode?: number; tollgateParam?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 429) return sendError(reply, fail('rate_limited', error.message, 'ip').error);
    if (status >= 400 && status < 500) {
      const param =
        error.tollgateParam ?? (status === 413 ? 'body' : status === 415 ? 'Content-Type' : 'body');
      return sendError(reply, fail('invalid_request', error.message, param).error);
    }
    if (error instanceof StoreBusyError) {
      request.log.warn({ err: error }, 'database busy');
      return sendError(reply, STORE_BUSY_ERROR);
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(INTERNAL_ERROR_BODY);
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      fail('not_found', `no route ${request.method} ${request.url.split('?')[0]}`, 'url').error,
    ),
  );

  triggers.set(app, autoTopUps);
  app.addHook('onClose', () => autoTopUps.drain());

  for (const route of routes) {
    if (route.rawBody === true) registerRawBodyRoute(app, route, deps, auth, metrics, routes, onUndeclared);
    else if (route.perAddressLimit !== undefined)
      registerLimitedRoute(app, route, route.perAddressLimit, (scope) =>
        registerRoute(scope, route, deps, auth, metrics, routes, onUndeclared),
      );
    else registerRoute(app, route, deps, auth, metrics, routes, onUndeclared);
  }
  return app;
}
