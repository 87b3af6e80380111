/**
 * The address rules of outgoing webhooks (issue 11, item 2), on the URL as a tenant writes it:
 * every loopback, private, link-local, unique-local, multicast or unspecified form is refused,
 * including the spellings the URL parser folds (`2130706433`, `0x7f000001`, `127.1`) and
 * IPv4-mapped IPv6; public addresses pass; names are judged on what they resolve to.
 */
import { describe, expect, it } from 'vitest';
import { checkTarget, isPrivateAddress } from './target-policy.ts';

const refusedUrls = [
  'http://127.0.0.1/',
  'http://127.255.0.9:8080/x',
  'http://2130706433/',
  'http://0x7f000001/',
  'http://127.1/',
  'http://0177.0.0.1/',
  'http://0.0.0.0/',
  'http://10.1.2.3/',
  'http://172.16.0.1/',
  'http://172.31.255.255/',
  'http://192.168.1.1/',
  'http://169.254.169.254/latest/meta-data/',
  'http://100.64.0.1/',
  'http://224.0.0.1/',
  'http://255.255.255.255/',
  'http://[::1]/',
  'http://[::]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[::ffff:169.254.169.254]/',
  'http://[fc00::1]/',
  'http://[fd12:3456::1]/',
  'http://[fe80::1]/',
  'http://[ff02::1]/',
  'http://[64:ff9b::7f00:1]/',
  'https://localhost/',
  'https://api.localhost/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://metadata/',
  'http://printer.local/',
];

const noDns = async () => {
  throw new Error('no DNS in this test');
};

describe('checkTarget', () => {
  it.each(refusedUrls)('refuses %s', async (url) => {
    const verdict = await checkTarget(new URL(url), { allowPrivate: false, resolveAll: noDns });
    expect(verdict.ok).toBe(false);
  });

  it.each(refusedUrls)('allows %s when the operator allows private targets', async (url) => {
    expect((await checkTarget(new URL(url), { allowPrivate: true, resolveAll: noDns })).ok).toBe(true);
  });

  it('allows public addresses and names that resolve to them', async () => {
    for (const url of ['https://93.184.216.34/', 'http://[2606:4700::1111]/', 'http://[::ffff:8.8.8.8]/']) {
      expect((await checkTarget(new URL(url), { allowPrivate: false, resolveAll: noDns })).ok, url).toBe(
        true,
      );
    }
    const publicName = async () => [{ address: '93.184.216.34', family: 4 }];
    expect(
      (await checkTarget(new URL('https://hooks.example/'), { allowPrivate: false, resolveAll: publicName }))
        .ok,
    ).toBe(true);
  });

  it('refuses a name when any of its addresses is private, and says which', async () => {
    const mixed = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    const verdict = await checkTarget(new URL('https://inside.example/'), {
      allowPrivate: false,
      resolveAll: mixed,
    });
    expect(verdict).toEqual({
      ok: false,
      reason: expect.stringContaining('inside.example resolves to 10.0.0.7'),
    });
  });

  it('leaves a name that does not resolve yet to the check at delivery', async () => {
    expect(
      (await checkTarget(new URL('https://not-yet.example/'), { allowPrivate: false, resolveAll: noDns })).ok,
    ).toBe(true);
  });
});

describe('isPrivateAddress', () => {
  it('judges bare addresses in both families', () => {
    expect(isPrivateAddress('127.0.0.1')).toBe(true);
    expect(isPrivateAddress('::ffff:10.0.0.1')).toBe(true);
    expect(isPrivateAddress('FE80::1%eth0')).toBe(true);
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('2001:4860:4860::8888')).toBe(false);
    expect(isPrivateAddress('not an address')).toBe(true);
  });
});
