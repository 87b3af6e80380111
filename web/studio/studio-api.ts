/**
 * The studio's own endpoints (`/studio/api/*`, in `src/http/routes/studio.ts`). They stand in
 * for a tenant's backend: mint the demo customer's session token, run a generation through
 * hold → simulated provider → commit or void, switch the demo plan, start the test checkout.
 * Everything that spends credits happens on the server; the browser only holds a session token.
 */
import type { KitCheckoutItem, KitParams, KitReceipt } from '../components/index.ts';
import { readReceipt, TollgateApiError } from '../components/index.ts';
import type { PresetId } from './presets.ts';

export interface DemoSession {
  readonly token: string;
  readonly customerId: string;
  readonly preset: PresetId;
  readonly expiresAt: number;
}

export type GenerationOutput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'image'; readonly url: string; readonly alt: string }
  | {
      readonly kind: 'video' | 'audio';
      readonly url: string;
      readonly durationSeconds: number;
      readonly alt: string;
    };

export type GenerationResult =
  | {
      readonly status: 'succeeded';
      readonly outputs: readonly GenerationOutput[];
      readonly receipt: KitReceipt;
    }
  | {
      readonly status: 'failed';
      readonly message: string;
      readonly creditsCharged: 0;
      readonly available: number;
    };

async function call(path: string, body: unknown, token?: string): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`/studio/api/${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const e = (json.error ?? {}) as { code?: string; message?: string; param?: string };
    throw new TollgateApiError(
      response.status,
      e.code ?? 'error',
      e.message ?? response.statusText,
      e.param ?? null,
    );
  }
  return json;
}

const storageKey = (preset: PresetId) => `tollgate-studio:${preset}:customer`;

/** Opens (or resumes, from this browser's storage) the demo customer of a preset. */
export async function openDemoSession(preset: PresetId, fresh = false): Promise<DemoSession> {
  const remembered = fresh ? null : window.localStorage.getItem(storageKey(preset));
  const json = (await call('session', { preset, ...(remembered ? { customer: remembered } : {}) })) as {
    token: string;
    customer: string;
    expires_at: number;
  };
  window.localStorage.setItem(storageKey(preset), json.customer);
  return { token: json.token, customerId: json.customer, preset, expiresAt: json.expires_at };
}

function readOutput(v: Record<string, unknown>): GenerationOutput {
  const kind = String(v.kind);
  if (kind === 'text') return { kind, text: String(v.text ?? '') };
  if (kind === 'image') return { kind, url: String(v.url), alt: String(v.alt ?? 'Generated image') };
  return {
    kind: kind === 'audio' ? 'audio' : 'video',
    url: String(v.url),
    durationSeconds: Number(v.duration_seconds ?? 0),
    alt: String(v.alt ?? ''),
  };
}

/** Runs one generation on the server; a provider failure is a result, not a throw. */
export async function runGeneration(
  session: DemoSession,
  request: { model: string; params: KitParams; failureChance: number },
): Promise<GenerationResult> {
  const json = (await call(
    'generate',
    { model: request.model, params: request.params, failure_chance: request.failureChance },
    session.token,
  )) as Record<string, unknown>;
  if (json.status === 'failed') {
    const balance = (json.balance ?? {}) as { available?: number };
    return {
      status: 'failed',
      message: String(json.message ?? 'The provider failed'),
      creditsCharged: 0,
      available: balance.available ?? 0,
    };
  }
  const outputs = Array.isArray(json.outputs) ? json.outputs : [];
  return {
    status: 'succeeded',
    outputs: outputs.map((o) => readOutput(o as Record<string, unknown>)),
    receipt: readReceipt(json.receipt),
  };
}

/** Moves the demo customer to another plan (with that plan's allowance for the period). */
export async function switchDemoPlan(session: DemoSession, plan: string): Promise<void> {
  await call('plan', { plan }, session.token);
}

/** Starts the test checkout for a pack or plan and answers the page to send the browser to. */
export async function startDemoCheckout(session: DemoSession, item: KitCheckoutItem): Promise<string> {
  const back = new URL(window.location.href);
  back.searchParams.set('preset', session.preset);
  back.searchParams.delete('checkout');
  const json = (await call('checkout', { ...item, return_url: back.toString() }, session.token)) as {
    url: string;
  };
  return json.url;
}
