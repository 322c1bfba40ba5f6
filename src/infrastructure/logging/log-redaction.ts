/**
 * What never reaches a log line: credentials, secrets, e-mail addresses, SQL parameters and
 * GraphQL variables. Three layers, because a secret can arrive in any of them:
 * - serializers decide what of a request, response or error is written at all (no headers, no
 *   bodies, no query strings, no error properties beyond type, code and message);
 * - `REDACTED_PATHS` censors fields by name when code logs an object that holds one;
 * - `scrubText` rewrites any text that is logged (messages, error messages and stacks):
 *   e-mail addresses, bearer tokens, the service's own `dl_…` secrets, calendar-feed paths and
 *   signed-link signatures.
 */

export const CENSORED = '[redacted]';

const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'secret',
  'signingSecret',
  'email',
  'parameters',
  'variables',
];

/** pino `redact` paths: each field at the top level and one level down (`*.field`). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
];

const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
/** RFC 2606's example domains belong to nobody: the start-up hint's `you@example.com` stays. */
const DOCUMENTATION_DOMAIN = /@example\.(com|org|net)$/i;
const BEARER = /\b(Bearer)\s+\S+/gi;
/** The service's own secrets: access tokens, invitations, calendar feeds (auth/secrets.ts). */
const OWN_SECRET = /\bdl_[a-z]{3}_[A-Za-z0-9_-]+/g;
/** A file under /calendar/, not a route pattern (`/calendar/:file`, as Nest logs its routes). */
const CALENDAR_FILE = /(\/calendar\/)(?!:)[^/?#\s"',;{}]+/g;
const SIGNATURE_PARAM = /([?&](?:sig|signature|token|access_token)=)[^&#\s"']*/gi;

/** Any text bound for the log, with every secret-shaped or personal part replaced. */
export function scrubText(text: string): string {
  return text
    .replace(BEARER, `$1 ${CENSORED}`)
    .replace(OWN_SECRET, CENSORED)
    .replace(CALENDAR_FILE, `$1${CENSORED}`)
    .replace(SIGNATURE_PARAM, `$1${CENSORED}`)
    .replace(EMAIL, (address) => (DOCUMENTATION_DOMAIN.test(address) ? address : '[email]'));
}

/**
 * The path of a request as logged: no query string (signed links carry their signature there,
 * reports their user id) and no secret path segments (`/calendar/<secret>.ics`).
 */
export function loggedPath(url: string | undefined): string {
  const path = (url ?? '').split(/[?#]/, 1)[0] ?? '';
  return scrubText(path).slice(0, 300);
}

interface SerializedRequest {
  method?: string;
  url?: string;
}

/** For `{ req }` objects: method and path, nothing else (no headers, no body). */
export function serializeRequest(request: SerializedRequest): { method?: string; path: string } {
  return { method: request.method, path: loggedPath(request.url) };
}

/** For `{ res }` objects: the status alone (headers may carry links with signatures). */
export function serializeResponse(response: { statusCode?: number }): { status?: number } {
  return { status: response.statusCode };
}

interface SerializedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
}

/**
 * For `{ err }` objects: type, code, message and stack, scrubbed. Deliberately not the error's
 * other properties: a TypeORM QueryFailedError carries the statement's `parameters` and the
 * driver error's `detail` ("Key (email)=(…) already exists"). Takes the error itself or
 * pino-std-serializers' serialized form (pino-http hands over that one, the original in `raw`).
 */
export function serializeError(error: unknown): unknown {
  const raw = error instanceof Error ? error : (error as { raw?: unknown } | null)?.raw;
  if (!(raw instanceof Error)) return typeof error === 'string' ? scrubText(error) : error;
  const code = (raw as { code?: unknown }).code;
  const serialized: SerializedError = {
    type: raw.constructor?.name ?? 'Error',
    message: scrubText(raw.message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(raw.stack ? { stack: scrubText(raw.stack) } : {}),
  };
  return serialized;
}
