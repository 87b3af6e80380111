/**
 * The address check at delivery time (issue 11, item 2): an endpoint that is, or has come to
 * resolve to, a private address receives nothing; the connection goes to the very address that
 * was checked (a name only the injected resolver knows still reaches the receiver); at most
 * 4 KiB of an answer are read and 512 characters logged, even from an endpoint that never ends.
 */
import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverOnce } from './deliver.ts';
import { OutgoingEventType, type OutgoingMessage } from './events.ts';
import { generateEndpointSecret } from './sign.ts';
import { checkTarget } from './target-policy.ts';

const secret = generateEndpointSecret();
let server: Server;
let port: number;
let hits: string[];
/** What the receiver answers: `endless` writes 64 KiB and never ends the answer. */
let mode: 'ok' | 'endless';

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    request.resume();
    if (mode === 'endless') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('x'.repeat(65_536));
      return; // never ended: the sender must stop reading on its own
    }
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);
beforeEach(() => {
  hits = [];
  mode = 'ok';
});

const message: OutgoingMessage = {
  id: 'msg_guard',
  type: OutgoingEventType.balanceLow,
  payload: { customer: 'alice' },
  createdAt: Date.now(),
};

/** A resolver answering from a script, one answer per call (the last one repeats). */
function scriptedResolver(...answers: string[][]) {
  const calls: string[] = [];
  const resolveAll = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)] ?? [];
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolveAll, calls };
}

describe('delivery to a private address', () => {
  it('sends nothing to a literal loopback address unless private targets are allowed', async () => {
    const url = `http://127.0.0.1:${port}/literal`;
    const refused = await deliverOnce({ endpoint: { url, secret }, message });
    expect(refused).toMatchObject({ outcome: 'retry', statusCode: null });
    expect(refused.error).toMatch(/^endpoint not allowed: 127\.0\.0\.1 is a loopback/);
    expect(hits).toEqual([]);
    const allowed = await deliverOnce({ endpoint: { url, secret }, message, allowPrivate: true });
    expect(allowed).toMatchObject({ outcome: 'delivered', statusCode: 200 });
    expect(hits).toEqual(['/literal']);
  });

  it('refuses a name that rebinds to loopback after it was checked at registration', async () => {
    const dns = scriptedResolver(['93.184.216.34'], ['127.0.0.1']);
    const url = `http://rebind.example:${port}/rebind`;
    expect((await checkTarget(new URL(url), { allowPrivate: false, resolveAll: dns.resolveAll })).ok).toBe(
      true,
    );
    const record = await deliverOnce({ endpoint: { url, secret }, message, resolveAll: dns.resolveAll });
    expect(record.error).toBe(
      'endpoint not allowed: rebind.example resolves to 127.0.0.1, a loopback, private or reserved address',
    );
    expect(record.statusCode).toBeNull();
    expect(hits).toEqual([]);
  });

  it('connects to the address it checked: one lookup per attempt, its answer is where the request goes', async () => {
    const dns = scriptedResolver(['127.0.0.1']);
    const url = `http://only-the-resolver-knows.invalid:${port}/pinned`;
    const record = await deliverOnce({
      endpoint: { url, secret },
      message,
      allowPrivate: true,
      resolveAll: dns.resolveAll,
    });
    expect(record).toMatchObject({ outcome: 'delivered', statusCode: 200 });
    expect(hits).toEqual(['/pinned']);
    expect(dns.calls).toEqual(['only-the-resolver-knows.invalid']);
  });

  it('reads at most 4 KiB of an answer that never ends and logs 512 characters', async () => {
    mode = 'endless';
    const record = await deliverOnce({
      endpoint: { url: `http://127.0.0.1:${port}/endless`, secret },
      message,
      allowPrivate: true,
      timeoutMs: 5_000,
    });
    expect(record).toMatchObject({ outcome: 'delivered', statusCode: 200, error: null });
    expect(record.responseSnippet).toBe('x'.repeat(512));
  });
});
