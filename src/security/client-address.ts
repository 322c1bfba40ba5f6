import type { Request } from 'express';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The address the limits count a request against: `req.ip`, which Express takes from
 * X-Forwarded-For only as far as TRUST_PROXY allows (by default not at all: the TCP peer),
 * grouped by addressBucket.
 */
export function clientAddress(request: Request): string {
  return addressBucket(request.ip ?? request.socket.remoteAddress ?? 'unknown');
}

/**
 * One counter per IPv4 address, and per IPv6 /64: a single host is usually handed a whole /64,
 * so counting each IPv6 address apart would let it take a fresh budget per request.
 * IPv4-mapped IPv6 (`::ffff:203.0.113.7`) counts as the IPv4 address.
 */
export function addressBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head, tail = ''] = address.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  // An embedded IPv4 tail (`64:ff9b::203.0.113.7`) fills two groups; only the first four matter.
  const groups = address.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
