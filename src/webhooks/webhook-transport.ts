import { lookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, fetch, type Response } from 'undici';
import { addressRefusal } from './url-policy';

/** Resolves a host name to every address it has, as `dns.lookup(host, { all: true })` does. */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

/** The injection token of the dispatcher's resolver (tests give one of their own). */
export const HOST_RESOLVER = Symbol('HOST_RESOLVER');

/** The operating system's resolver, in its own order (`verbatim`). */
export const systemResolver: HostResolver = (hostname) =>
  lookup(hostname, { all: true, order: 'verbatim' });

export type Destination = { ok: true; addresses: LookupAddress[] } | { ok: false; message: string };

/**
 * Where a delivery to `url` may connect: the host's addresses, resolved once. With `checkAddresses`
 * (production, unless WEBHOOK_ALLOW_PRIVATE_URLS=true) every one must be public
 * (`addressRefusal`), or the delivery is refused without connecting.
 */
export async function resolveDestination(
  url: URL,
  resolver: HostResolver,
  checkAddresses: boolean,
): Promise<Destination> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  const addresses = family !== 0 ? [{ address: host, family }] : await resolver(host);
  if (addresses.length === 0) return { ok: false, message: `${host} has no address` };
  if (checkAddresses) {
    const refused = addresses.find(({ address }) => addressRefusal(address) !== null);
    if (refused) {
      return {
        ok: false,
        message: `Refused: ${host} resolves to a loopback or private address (${addressRefusal(refused.address)})`,
      };
    }
  }
  return { ok: true, addresses };
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A connection pool whose sockets go only to `addresses` (the ones that were checked), whatever
 * a second DNS lookup would answer now: no DNS-rebinding window between check and connect.
 * Only the TCP destination changes: the Host header and, for https, the TLS server name (SNI)
 * and the certificate check stay the URL's host name, which undici takes from the URL.
 */
export function pinnedAgent(addresses: LookupAddress[], connectTimeoutMs: number): Agent {
  return new Agent({ connect: { lookup: pinnedLookup(addresses), timeout: connectTimeoutMs } });
}

/** A `dns.lookup` for sockets that answers `addresses` for any host name, without asking DNS. */
export function pinnedLookup(addresses: LookupAddress[]) {
  return (_hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily), else for one.
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
}

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  resolver: HostResolver;
  checkAddresses: boolean;
}

export type PostOutcome = { refused: string } | { response: Response };

/**
 * POSTs `body` to `url` over a connection pinned to the address that was resolved (and, with
 * `checkAddresses`, checked) just before. Redirects are not followed (they could lead anywhere).
 * The response body is discarded and the connection closed before this returns.
 */
export async function postPinned(url: string, options: PostOptions): Promise<PostOutcome> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  // getaddrinfo cannot be cancelled: the timeout covers the lookup by racing it.
  const destination = await Promise.race([
    resolveDestination(new URL(url), options.resolver, options.checkAddresses),
    new Promise<never>((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    }),
  ]);
  if (!destination.ok) return { refused: destination.message };
  const agent = pinnedAgent(destination.addresses, options.timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: options.headers,
      body: options.body,
      redirect: 'manual',
      signal,
      dispatcher: agent,
    });
    // The body is not used; release the connection without reading it.
    await response.body?.cancel().catch(() => undefined);
    return { response };
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}
