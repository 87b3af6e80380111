/**
 * Crash between commit and answer: a real server process (test/support/payment-crash-server.ts,
 * `serve` with an engine that SIGKILLs the process once a payment command has committed) gets
 * a signed `checkout.session.completed` and dies before answering, so Stripe sees a failed
 * delivery. Stripe redelivers the same event to the restarted server (`tollgate serve` on the
 * same SQLite file): it answers `duplicate`, the pack is granted once and `tollgate verify` passes.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { packEvent } from '../../test/support/payments-app.ts';
import { signTestEvent } from '../payments/test-checkout.ts';

const BIN = fileURLToPath(new URL('../../bin/tollgate.js', import.meta.url));
const CRASHING = fileURLToPath(new URL('../../test/support/payment-crash-server.ts', import.meta.url));
const SECRET = 'whsec_tollgate_crash_test';
const dir = mkdtempSync(join(tmpdir(), 'tollgate-pay-crash-'));
const db = `sqlite:${join(dir, 'crash.db')}`;
const env = {
  ...process.env,
  LOG_LEVEL: 'silent',
  STRIPE_SECRET_KEY: 'sk_test_tollgate_crash',
  STRIPE_WEBHOOK_SECRET: SECRET,
  STRIPE_API_BASE: 'http://127.0.0.1:9', // never called: webhooks do not talk to Stripe
};
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a server process; answers its URL and what it printed before listening. */
async function start(args: string[]): Promise<{ child: ChildProcess; url: string; output: string }> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+) /.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', () => reject(new Error(`server exited:\n${output}`)));
  });
  return { child, url, output };
}

function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function api(url: string, key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': `k-${path}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as Record<string, unknown>;
}

function postEvent(url: string, payload: string, signature: string) {
  return fetch(`${url}/v1/webhooks/stripe/musicgen`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
}

it('grants once when the server dies after the commit and Stripe redelivers', async () => {
  const first = await start(['--import', 'tsx', CRASHING, db]);
  const key = /demo tenant musicgen: id=\S+ secret_key=(\S+)/.exec(first.output)?.[1] as string;
  expect(key).toMatch(/^tg_sk_/);
  await api(first.url, key, 'POST', '/v1/customers', { id: 'buyer' });
  const before = (await api(first.url, key, 'GET', '/v1/customers/buyer')) as {
    balance: { available: number };
  };

  const event = packEvent('musicgen', 'buyer', 'crash1');
  const delivery = signTestEvent(event, SECRET, Date.now());
  await expect(postEvent(first.url, delivery.payload, delivery.signatureHeader)).rejects.toThrow();
  await waitExit(first.child);
  expect(first.child.signalCode).toBe('SIGKILL');

  const second = await start([BIN, 'serve', '--db', db, '--port', '0']);
  const again = signTestEvent(event, SECRET, Date.now()); // Stripe signs each attempt anew
  const res = await postEvent(second.url, again.payload, again.signatureHeader);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ event_id: 'evt_test_crash1', outcome: 'duplicate' });

  const customer = (await api(second.url, key, 'GET', '/v1/customers/buyer')) as {
    balance: { available: number };
    lots: { source: string }[];
  };
  expect(customer.balance.available).toBe(before.balance.available + 100); // the Starter pack, once
  expect(customer.lots.filter((lot) => lot.source === 'purchase')).toHaveLength(1);

  second.child.kill('SIGTERM');
  await waitExit(second.child);
  const verify = spawnSync(process.execPath, [BIN, 'verify', '--db', db], { encoding: 'utf8' });
  expect(verify.stdout).toContain('ledger OK');
  expect(verify.status).toBe(0);
}, 120_000);
