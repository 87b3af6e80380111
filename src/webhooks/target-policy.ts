/**
 * Where outgoing webhooks may go (issue 11, item 2): never to this machine, the private network
 * or a cloud metadata service unless the operator allows it (`WEBHOOK_ALLOW_PRIVATE=true`).
 * Addresses are judged with `net.BlockList` on the parsed address, never on the text: the WHATWG
 * URL parser has already turned `2130706433`, `0x7f000001` and `127.1` into `127.0.0.1`, and an
 * IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is judged as its IPv4 address.
 * Names are resolved with `dns.lookup` (what the connection would use) and refused when ANY of
 * their addresses is private. `checkTarget` is used when an endpoint is registered;
 * `pinnedLookup` (pinned-request.ts) repeats the check at delivery on the address it connects to.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** `dns.lookup` with `all: true`, injectable in tests (a resolver that "rebinds"). */
export type ResolveAll = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolveAll: ResolveAll = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", includes the unspecified 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 96], // unspecified, loopback (::1) and IPv4-compatible
  ['64:ff9b::', 96], // NAT64: an IPv4 address inside
  ['100::', 64], // discard
  ['2002::', 16], // 6to4: an IPv4 address inside
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** Host names that name this machine or a metadata service whatever DNS says. */
const BLOCKED_NAMES = [
  /^localhost$/,
  /\.localhost$/,
  /^metadata(\.google\.internal)?$/,
  /\.internal$/,
  /\.local$/,
];

/** True when an address (v4 or v6 text) is loopback, private, link-local, multicast, unspecified... */
export function isPrivateAddress(address: string): boolean {
  const bare = address
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  const family = isIP(bare);
  if (family === 4) return BLOCKED.check(bare, 'ipv4');
  if (family !== 6) return true; // not an address at all: refuse rather than guess
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped !== null) return BLOCKED.check(mapped[1] as string, 'ipv4');
  // BlockList also judges an IPv4-mapped address written in hex (::ffff:7f00:1) by the IPv4 rules.
  return BLOCKED.check(bare, 'ipv6');
}

/** May this target be used, and if not why (in words for the tenant). */
export type TargetVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const ALLOWED: TargetVerdict = { ok: true };

/** Judges a host name or address literal as found in a URL (IPv6 in brackets) without DNS. */
export function checkHostLiteral(hostname: string): TargetVerdict | null {
  const bare = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(bare) !== 0)
    return isPrivateAddress(bare)
      ? { ok: false, reason: `${bare} is a loopback, private, link-local or reserved address` }
      : ALLOWED;
  const name = bare.replace(/\.$/, '');
  if (BLOCKED_NAMES.some((re) => re.test(name)))
    return { ok: false, reason: `${name} names this machine or an internal service` };
  return null;
}

/** Judges resolved addresses: refused when any of them is private. */
export function checkResolved(hostname: string, addresses: readonly LookupAddress[]): TargetVerdict {
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  return bad === undefined
    ? ALLOWED
    : {
        ok: false,
        reason: `${hostname} resolves to ${bad.address}, a loopback, private or reserved address`,
      };
}

/** How long registration waits for DNS before leaving the check to delivery. */
const REGISTER_LOOKUP_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('lookup timed out')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export interface CheckTargetOptions {
  readonly allowPrivate: boolean;
  readonly resolveAll?: ResolveAll;
}

/**
 * Checks a webhook URL before it is registered: its host literal, then what the name resolves
 * to. A name that does not resolve (yet) is allowed: delivery checks again and retries.
 */
export async function checkTarget(url: URL, options: CheckTargetOptions): Promise<TargetVerdict> {
  if (options.allowPrivate) return ALLOWED;
  const literal = checkHostLiteral(url.hostname);
  if (literal !== null) return literal;
  let addresses: LookupAddress[];
  try {
    const resolving = (options.resolveAll ?? systemResolveAll)(url.hostname);
    addresses = await withTimeout(resolving, REGISTER_LOOKUP_MS);
  } catch {
    return ALLOWED;
  }
  return checkResolved(url.hostname, addresses);
}
