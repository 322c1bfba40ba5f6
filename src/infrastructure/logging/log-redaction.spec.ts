import { loggedPath, scrubText, serializeError } from './log-redaction';

const TOKEN = `dl_tok_${'A1b2'.repeat(10)}xyz`;
const FEED = `dl_cal_${'Zz9_'.repeat(10)}abc`;

describe('scrubText', () => {
  it('replaces e-mail addresses', () => {
    expect(scrubText('no account for jane.doe+deals@studio.co.uk, sorry')).toBe(
      'no account for [email], sorry',
    );
  });

  it('replaces bearer tokens and the service’s own secrets wherever they appear', () => {
    expect(scrubText(`authorization: Bearer ${TOKEN}`)).toBe('authorization: Bearer [redacted]');
    expect(scrubText(`token ${TOKEN} revoked`)).toBe('token [redacted] revoked');
    expect(scrubText(`invite dl_inv_abcDEF123_-x`)).toBe('invite [redacted]');
  });

  it('replaces calendar-feed file names and signatures in query strings', () => {
    expect(scrubText(`GET /calendar/${FEED}.ics`)).toBe('GET /calendar/[redacted]');
    expect(scrubText('/reports/period.csv?from=2021-10-01&u=7&exp=99&sig=abcDEF012')).toBe(
      '/reports/period.csv?from=2021-10-01&u=7&exp=99&sig=[redacted]',
    );
  });

  it('keeps the documentation domains, which belong to nobody', () => {
    expect(scrubText('email: "you@example.com"')).toBe('email: "you@example.com"');
    expect(scrubText('you@example.com.evil.test')).toBe('[email]');
  });

  it('leaves ordinary text alone', () => {
    const text = 'Database not reachable at 127.0.0.1:5432 (attempt 2/10), retrying in 2 s';
    expect(scrubText(text)).toBe(text);
  });
});

describe('loggedPath', () => {
  it('drops the query string and the fragment', () => {
    expect(loggedPath('/exports/deals.csv?u=1&exp=2&sig=secret#x')).toBe('/exports/deals.csv');
  });

  it('hides the calendar secret even when it is not a well-formed one', () => {
    expect(loggedPath(`/calendar/${FEED}.ics`)).toBe('/calendar/[redacted]');
    expect(loggedPath('/calendar/almost-a-secret.ics')).toBe('/calendar/[redacted]');
  });

  it('keeps a route pattern, as Nest logs its routes', () => {
    expect(scrubText('Mapped {/calendar/:file, GET} route')).toBe(
      'Mapped {/calendar/:file, GET} route',
    );
  });

  it('keeps an ordinary path', () => {
    expect(loggedPath('/graphql')).toBe('/graphql');
    expect(loggedPath(undefined)).toBe('');
  });
});

describe('serializeError', () => {
  it('keeps type, code, message and stack, and drops everything else (SQL parameters)', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      parameters: ['owner@brand.test', 'secret-password'],
      query: 'INSERT INTO users (email, password_hash) VALUES ($1, $2)',
      detail: 'Key (email)=(owner@brand.test) already exists.',
    });
    const serialized = serializeError(error) as Record<string, unknown>;
    expect(Object.keys(serialized).sort()).toEqual(['code', 'message', 'stack', 'type']);
    expect(serialized).toMatchObject({
      type: 'Error',
      code: '23505',
      message: 'duplicate key value violates unique constraint',
    });
    expect(JSON.stringify(serialized)).not.toMatch(/owner@brand|secret-password|INSERT/);
  });

  it('takes pino-std-serializers’ form, with the original error in `raw`', () => {
    const raw = new TypeError(`no feed ${FEED} for ops@brand.test`);
    const serialized = serializeError({ type: 'TypeError', message: raw.message, raw });
    expect(serialized).toMatchObject({
      type: 'TypeError',
      message: 'no feed [redacted] for [email]',
    });
  });

  it('scrubs a string and passes other values through', () => {
    expect(serializeError('failed for a@b.test')).toBe('failed for [email]');
    expect(serializeError(42)).toBe(42);
  });
});
