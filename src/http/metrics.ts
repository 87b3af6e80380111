/**
 * Prometheus metrics for `/metrics`: request counts and latency by route and status, plus the
 * process's default metrics. One registry per app, so tests can build many apps side by side.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface HttpMetrics {
  readonly registry: Registry;
  /** Records one answered request. */
  observe(method: string, route: string, status: number, seconds: number): void;
  /** Records credits charged by a commit or charge. */
  countCredits(kind: 'charged' | 'granted' | 'refunded', credits: number): void;
}

/** Creates the registry and the metrics on it. */
export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tollgate_' });
  const requests = new Counter({
    name: 'tollgate_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'tollgate_http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const creditsTotal = new Counter({
    name: 'tollgate_credits_total',
    help: 'Credits moved through the API, by kind (charged, granted, refunded)',
    labelNames: ['kind'],
    registers: [registry],
  });
  return {
    registry,
    observe(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
    },
    countCredits(kind, credits) {
      if (credits > 0) creditsTotal.inc({ kind }, credits);
    },
  };
}
