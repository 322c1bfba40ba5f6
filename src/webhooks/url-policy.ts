import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';
import { WebhookErrorReason } from './webhooks.errors';

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string; message: string };

const MAX_URL_LENGTH = 2000;

/**
 * Why a public webhook must not connect to `address` (SSRF), or null when it may: the range name
 * ipaddr.js gives it (`loopback`, `private`, `linkLocal` — cloud metadata at 169.254.169.254 —,
 * `uniqueLocal`, `carrierGradeNat`, `reserved`, `multicast`, …). Deny by default: only what
 * ipaddr.js calls `unicast` is allowed. Addresses that carry an IPv4 address inside IPv6 are
 * judged by that IPv4 address: IPv4-mapped `::ffff:a.b.c.d`, IPv4-translated `::ffff:0:a.b.c.d`
 * and NAT64 `64:ff9b::a.b.c.d` (so IPv6-only hosts behind DNS64 still reach public receivers).
 * Refused outright: the deprecated IPv4-compatible `::a.b.c.d`, and 6to4 (`2002::/16`) and
 * Teredo (`2001::/32`), tunnels whose far end a delivery cannot vouch for. Anything that is not
 * a plain IP address (Node's `isIP`, so no `0x7f.1` or `127.1` forms) is refused too.
 */
export function addressRefusal(address: string): string | null {
  const version = isIP(address);
  if (version === 0) return 'notAnAddress';
  if (version === 4) {
    const range = ipaddr.IPv4.parse(address).range();
    return range === 'unicast' ? null : range;
  }
  const ipv6 = canonicalIpv6(address);
  const range = ipv6.range();
  switch (range) {
    case 'unicast':
      // ::/96 minus :: and ::1 (their own ranges): IPv4-compatible, deprecated since RFC 4291.
      return ipv6.parts.slice(0, 6).every((part) => part === 0) ? 'ipv4Compatible' : null;
    case 'ipv4Mapped':
    case 'rfc6145':
      return addressRefusal(embeddedIpv4(ipv6));
    case 'rfc6052':
      // Only the well-known NAT64 prefix 64:ff9b::/96 keeps the IPv4 address in the last 32
      // bits; the local-use 64:ff9b:1::/48 is a private network's own translator.
      return ipv6.parts[2] === 0 ? addressRefusal(embeddedIpv4(ipv6)) : 'rfc6052Local';
    default:
      return range;
  }
}

/**
 * The IPv6 address as the operating system reads it. ipaddr.js reads a dotted tail after `::`
 * as IPv4-mapped (`::8.8.8.8` as `::ffff:8.8.8.8`) where the socket API reads `::808:808`, so
 * the text is first rewritten in hex groups by the WHATWG URL parser (which never prints a
 * dotted tail), then parsed. The zone (`%eth0`) only matters for link-local, refused anyway.
 */
function canonicalIpv6(address: string): ipaddr.IPv6 {
  const [bare] = address.split('%');
  return ipaddr.IPv6.parse(new URL(`http://[${bare}]/`).hostname.slice(1, -1));
}

/** The IPv4 address in the last 32 bits of an IPv6 address. */
function embeddedIpv4(address: ipaddr.IPv6): string {
  const [high, low] = address.parts.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** Whether an address is one a public webhook must not reach: see `addressRefusal`. */
export function isPrivateAddress(address: string): boolean {
  return addressRefusal(address) !== null;
}

/** Host names that always mean this machine or its private network. */
function isLocalHostName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host.endsWith('.internal')
  );
}

/**
 * Checks a URL given to createWebhook: absolute http(s), no credentials, and, unless
 * `allowPrivate`, no loopback/private host written as a name or an address. Names are resolved
 * again before every delivery, checked (`addressRefusal`) and the connection pinned to the
 * checked address (`webhook-transport.ts`), since DNS can change after this check.
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): UrlVerdict {
  let url: URL;
  if (raw.length > MAX_URL_LENGTH) {
    return {
      ok: false,
      reason: WebhookErrorReason.URL_TOO_LONG,
      message: `url is longer than ${MAX_URL_LENGTH} characters`,
    };
  }
  try {
    url = new URL(raw);
  } catch {
    return {
      ok: false,
      reason: WebhookErrorReason.URL_INVALID,
      message: 'url must be an absolute http(s) URL',
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      reason: WebhookErrorReason.URL_SCHEME,
      message: 'url must use http or https',
    };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      reason: WebhookErrorReason.URL_CREDENTIALS,
      message: 'url must not carry a user name or password',
    };
  }
  if (!allowPrivate) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isLocalHostName(host) || (isIP(host) !== 0 && isPrivateAddress(host))) {
      return {
        ok: false,
        reason: WebhookErrorReason.URL_PRIVATE_ADDRESS,
        message: 'url must not point at a loopback or private address',
      };
    }
  }
  return { ok: true, url };
}
