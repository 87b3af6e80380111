import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY } from './backoff.ts';
import { deliverOnce, NO_ANSWER } from './deliver.ts';
import { OutgoingEventType, type OutgoingMessage } from './events.ts';
import { generateEndpointSecret } from './sign.ts';

/** What the tenant's endpoint received and whether the signature verified there. */
interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly verified: unknown;
}

const secret = generateEndpointSecret();
let server: Server;
let url: string;
let received: Received[];
/** Statuses the endpoint answers, in order; 200 once they run out. 0 = never answer. */
let script: number[];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified: unknown = null;
      try {
        verified = new Webhook(secret).verify(body, request.headers as Record<string, string>);
      } catch (error) {
        verified = { error: String(error) };
      }
      received.push({ headers: request.headers, body, verified });
      const status = script.shift() ?? 200;
      if (status === 0) return; // hang: the sender must time out
      if (status === 302) response.writeHead(302, { location: 'http://example.com/elsewhere' });
      else response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(status === 200 ? 'ok' : `failure ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/tollgate`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);
beforeEach(() => {
  received = [];
  script = [];
});

const message: OutgoingMessage = {
  id: 'msg_0190f1d2-purchase',
  type: OutgoingEventType.purchaseCompleted,
  payload: { customer: 'alice', pack: 'popular', credits: 400 },
  createdAt: Date.UTC(2026, 0, 1),
};

describe('deliverOnce', () => {
  it("delivers a signed message that the tenant's endpoint verifies with standardwebhooks", async () => {
    const record = await deliverOnce({ endpoint: { url, secret }, message, allowPrivate: true });
    expect(record).toMatchObject({
      outcome: 'delivered',
      statusCode: 200,
      error: null,
      nextAttemptAt: null,
      attempt: 1,
    });
    expect(record.durationMs).toBeGreaterThanOrEqual(0);
    expect(received).toHaveLength(1);
    expect(received[0]?.verified).toEqual({
      type: 'purchase.completed',
      timestamp: '2026-01-01T00:00:00.000Z',
      data: { customer: 'alice', pack: 'popular', credits: 400 },
    });
    expect(received[0]?.headers['webhook-id']).toBe(message.id);
    expect(received[0]?.headers['content-type']).toBe('application/json');
  });

  it('schedules a retry by the backoff policy when the endpoint answers 500, then delivers', async () => {
    script = [500];
    const t = Date.now();
    const first = await deliverOnce({
      endpoint: { url, secret },
      message,
      now: () => t,
      random: () => 0.5,
      allowPrivate: true,
    });
    expect(first).toMatchObject({
      outcome: 'retry',
      statusCode: 500,
      error: 'endpoint answered 500',
      responseSnippet: 'failure 500',
      nextAttemptAt: t + DEFAULT_RETRY_POLICY.baseDelayMs,
    });
    const second = await deliverOnce({
      endpoint: { url, secret },
      message,
      attempt: 2,
      now: () => t + 5_000,
      allowPrivate: true,
    });
    expect(second).toMatchObject({ outcome: 'delivered', statusCode: 200, attempt: 2 });
    // Same webhook-id both times, so the tenant can deduplicate; both signatures verified.
    expect(received.map((r) => r.headers['webhook-id'])).toEqual([message.id, message.id]);
    expect(received.every((r) => (r.verified as { type?: string }).type === 'purchase.completed')).toBe(true);
  });

  it('gives up after the last attempt', async () => {
    script = [503];
    const record = await deliverOnce({
      endpoint: { url, secret },
      message,
      attempt: DEFAULT_RETRY_POLICY.maxAttempts,
      allowPrivate: true,
    });
    expect(record).toMatchObject({ outcome: 'gave_up', statusCode: 503, nextAttemptAt: null });
  });

  it('treats a redirect as a failure and does not follow it', async () => {
    script = [302];
    const record = await deliverOnce({ endpoint: { url, secret }, message, allowPrivate: true });
    expect(record).toMatchObject({ outcome: 'retry', statusCode: 302, error: 'endpoint answered 302' });
    expect(received).toHaveLength(1);
  });

  it('records a timeout and a refused connection alike, so the log does not tell whether a port is open', async () => {
    script = [0];
    const slow = await deliverOnce({
      endpoint: { url, secret },
      message,
      timeoutMs: 200,
      allowPrivate: true,
    });
    expect(slow).toMatchObject({ outcome: 'retry', statusCode: null, error: NO_ANSWER });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await deliverOnce({ endpoint: { url: deadUrl, secret }, message, allowPrivate: true });
    expect(refused).toMatchObject({ outcome: 'retry', statusCode: null, error: NO_ANSWER });
  });
});
