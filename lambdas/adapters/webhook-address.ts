import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where a webhook may go. In the cloud, only public addresses over https: a
 * directory entry (or a DNS answer that changes after it was checked) must
 * never make the broker post a conversation into its own network, the cloud's
 * metadata service, or a partner's internal hosts. The embedded runtime also
 * reaches bots on loopback, over http.
 */
export type WebhookNetwork = 'public' | 'public-and-loopback';

const notPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  notPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
  // IPv4 reached through IPv6: NAT64 and the old IPv4-compatible form could carry a private address.
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['::', 96],
  ['fec0::', 10],
] as const) {
  notPublic.addSubnet(network, prefix, 'ipv6');
}
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** An IPv6 address that carries an IPv4 one (`::ffff:10.0.0.1`) is judged as that IPv4 address. */
const unmapped = (address: string) => /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;

export function mayReceiveWebhooks(address: string, network: WebhookNetwork): boolean {
  const plain = unmapped(address);
  const family = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
  if (!notPublic.check(plain, family)) return true;
  return network === 'public-and-loopback' && loopback.check(plain, family);
}

export class WebhookAddressRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WebhookAddressRefused';
  }
}

/** Refuses a URL the network rule can never allow, before any connection: the scheme, or a literal address. */
export function checkWebhookUrl(url: URL, network: WebhookNetwork): void {
  if (url.protocol !== 'https:' && !(network === 'public-and-loopback' && url.protocol === 'http:')) {
    throw new WebhookAddressRefused(`webhooks go over https only, not ${url.protocol}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !mayReceiveWebhooks(host, network)) throw new WebhookAddressRefused(`${host} is not a public address`);
}

/**
 * A DNS lookup for the connection itself that drops every address the rule
 * forbids: the check happens at connect time, so a name that resolves
 * differently later cannot slip past it.
 */
export function guardedLookup(network: WebhookNetwork): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return (callback as (error: Error) => void)(error);
      const allowed = addresses.filter((candidate) => mayReceiveWebhooks(candidate.address, network));
      if (!allowed.length) return (callback as (error: Error) => void)(new WebhookAddressRefused(`${hostname} resolves only to addresses that are not public`));
      if ((options as { all?: boolean }).all) return (callback as (error: null, addresses: LookupAddress[]) => void)(null, allowed);
      return (callback as (error: null, address: string, family: number) => void)(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
