import { isIP } from 'node:net';

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string; message: string };

const MAX_URL_LENGTH = 2000;

/**
 * Whether an address is one a public webhook must not reach (SSRF): loopback, private,
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified, multicast,
 * reserved, unique-local IPv6 and IPv4-mapped forms of all of these.
 */
export function isPrivateAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return isPrivateIpv4(address);
  if (version !== 6) return true; // not an address at all: refuse
  const lower = address.toLowerCase();
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return isPrivateIpv4(mapped[1]);
  const groups = expandIpv6(lower);
  if (!groups) return true;
  if (groups.every((group) => group === 0)) return true; // ::
  if (groups.slice(0, 7).every((group) => group === 0) && groups[7] === 1) return true; // ::1
  const first = groups[0];
  if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((first & 0xff00) === 0xff00) return true; // ff00::/8 multicast
  // ::ffff:a.b.c.d written in hex groups, and the deprecated IPv4-compatible ::a.b.c.d
  if (
    groups.slice(0, 5).every((group) => group === 0) &&
    (groups[5] === 0xffff || groups[5] === 0)
  ) {
    const ipv4 = `${groups[6] >> 8}.${groups[6] & 0xff}.${groups[7] >> 8}.${groups[7] & 0xff}`;
    return isPrivateIpv4(ipv4);
  }
  return false;
}

function isPrivateIpv4(address: string): boolean {
  const [a, b] = address.split('.').map(Number);
  return (
    a === 0 || // "this network"
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved, broadcast
  );
}

function expandIpv6(address: string): number[] | null {
  const withoutZone = address.split('%')[0];
  const halves = withoutZone.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  // A trailing dotted IPv4 part counts as two groups.
  const toGroups = (parts: string[]) =>
    parts.flatMap((part) => {
      if (part.includes('.')) {
        const bytes = part.split('.').map(Number);
        return [(bytes[0] << 8) | bytes[1], (bytes[2] << 8) | bytes[3]];
      }
      return [parseInt(part, 16)];
    });
  const headGroups = toGroups(head);
  const tailGroups = toGroups(tail);
  const missing = 8 - headGroups.length - tailGroups.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
  const groups = [...headGroups, ...Array<number>(Math.max(missing, 0)).fill(0), ...tailGroups];
  return groups.some((group) => Number.isNaN(group)) ? null : groups;
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
 * again before every delivery (see `isPrivateAddress`), since DNS can change after this check.
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): UrlVerdict {
  let url: URL;
  if (raw.length > MAX_URL_LENGTH) {
    return {
      ok: false,
      reason: 'URL_TOO_LONG',
      message: `url is longer than ${MAX_URL_LENGTH} characters`,
    };
  }
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'URL_INVALID', message: 'url must be an absolute http(s) URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: 'URL_SCHEME', message: 'url must use http or https' };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      reason: 'URL_CREDENTIALS',
      message: 'url must not carry a user name or password',
    };
  }
  if (!allowPrivate) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isLocalHostName(host) || (isIP(host) !== 0 && isPrivateAddress(host))) {
      return {
        ok: false,
        reason: 'URL_PRIVATE_ADDRESS',
        message: 'url must not point at a loopback or private address',
      };
    }
  }
  return { ok: true, url };
}
