/**
 * Addresses a URL from a feed or a chat user must not make the bot fetch: loopback, private networks, link-local
 * (cloud metadata lives at 169.254.169.254), carrier-grade NAT, multicast and reserved ranges.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** True for an address in a range the bot must not reach; IPv4-mapped IPv6 is judged by its IPv4 part. */
export function isPrivateAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 0) return true;
  if (version === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1] !== undefined) return blocked.check(mapped[1], 'ipv4');
    // BlockList already reads the hexadecimal spelling (::ffff:7f00:1) of a mapped address.
    return blocked.check(address, 'ipv6');
  }
  return blocked.check(address, 'ipv4');
}

export type ResolveHost = (host: string) => Promise<string[]>;

/** Every address the system resolver gives for `host` (a literal IP resolves to itself). */
export const resolveHost: ResolveHost = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * The first private address `host` resolves to, or null when all are public. Every address counts: a name that
 * resolves to one public and one private address could be sent to either.
 */
export async function firstPrivateAddress(host: string, resolve: ResolveHost = resolveHost): Promise<string | null> {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const addresses = isIP(bare) !== 0 ? [bare] : await resolve(bare);
  return addresses.find(isPrivateAddress) ?? null;
}
