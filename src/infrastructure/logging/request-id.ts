import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * What an accepted `X-Request-Id` may look like: UUIDs, trace ids and the like. No spaces, no
 * `@` (so an e-mail address cannot ride into the logs as an id), at most 128 characters.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function isSaneRequestId(value: string): boolean {
  return SANE_REQUEST_ID.test(value);
}

/**
 * The id of a request: the `X-Request-Id` a trusted proxy sent (one header, sane), so a line in
 * our logs can be found from the proxy's; otherwise a fresh UUID. A client that reaches us
 * directly never picks its own id: it could otherwise blend its requests into someone else's.
 */
export function chooseRequestId(
  header: string | string[] | undefined,
  fromTrustedProxy: boolean,
  generate: () => string = randomUUID,
): string {
  if (fromTrustedProxy && typeof header === 'string' && isSaneRequestId(header)) return header;
  return generate();
}

type TrustFunction = (address: string, hop: number) => boolean;

/** Express puts its application on each request; pino-http reads `id`. */
interface ExpressRequest extends IncomingMessage {
  app?: { get(setting: string): unknown };
}

/**
 * Whether the TCP peer is a proxy TRUST_PROXY trusts, asked of the function Express compiled
 * from the same setting (`trust proxy fn`), so the rule cannot drift from the client address
 * the rate limits count.
 */
export function peerIsTrustedProxy(request: IncomingMessage): boolean {
  const trust = (request as ExpressRequest).app?.get('trust proxy fn');
  const peer = request.socket?.remoteAddress;
  return typeof trust === 'function' && peer !== undefined && (trust as TrustFunction)(peer, 0);
}

/**
 * Gives the request its id (once: later callers get the same one) and echoes it in the
 * response's `X-Request-Id`.
 */
export function assignRequestId(request: IncomingMessage, response: ServerResponse): string {
  const existing: unknown = request.id;
  if (typeof existing === 'string') return existing;
  const id = chooseRequestId(request.headers['x-request-id'], peerIsTrustedProxy(request));
  request.id = id;
  if (!response.headersSent) response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
