import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { ErrorCode } from './app-error';
import {
  CHECK_CONSTRAINT_FIELDS,
  fieldPathsInArguments,
  isConnectionError,
  isQueryRunnerReleasedError,
  isRetryableTransactionError,
  translateDatabaseError,
} from './database-errors';

/** A `pg` error as TypeORM wraps it. */
function wrapped(driverError: Error): QueryFailedError {
  return new QueryFailedError('INSERT INTO deals …', [], driverError);
}
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('database errors', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  describe('a lost or unreachable database is SERVICE_UNAVAILABLE', () => {
    it.each([
      [
        'a killed backend (57P01)',
        wrapped(withCode('terminating connection due to administrator command', '57P01')),
      ],
      [
        'the socket closing without a code',
        wrapped(new Error('Connection terminated unexpectedly')),
      ],
      ['pg-pool connect timeout', new Error('timeout exceeded when trying to connect')],
      [
        'a client broken by an earlier error',
        new Error('Client has encountered a connection error and is not queryable'),
      ],
      ['a pool closed by shutdown', new Error('Cannot use a pool after calling end on the pool')],
      ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
      ['a broken pipe', withCode('write EPIPE', 'EPIPE')],
      ['the server starting up (57P03)', withCode('the database system is starting up', '57P03')],
      ['class 08', withCode('connection failure', '08006')],
      [
        'a socket error from another realm, as GraphQL wraps it',
        Object.assign(new Error('Unexpected error value: …'), {
          name: 'NonErrorThrown',
          thrownValue: { errno: -111, code: 'ECONNREFUSED', syscall: 'connect' },
        }),
      ],
      ['TypeORM refusing a released query runner', new QueryRunnerAlreadyReleasedError()],
      [
        'TypeORM refusing a manager whose query runner was released',
        new QueryRunnerProviderAlreadyReleasedError(),
      ],
      [
        'every address refused (AggregateError)',
        new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''),
      ],
    ])('%s', (_name, error) => {
      expect(isConnectionError(error)).toBe(true);
      const appError = translateDatabaseError(error);
      expect(appError?.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
      expect(appError?.details.reason).toBe('DATABASE_UNAVAILABLE');
      // No driver text reaches the client.
      expect(appError?.message).toBe('The database is unavailable; retry shortly');
    });
  });

  it('keeps mapping what a client caused', () => {
    const unique = wrapped(
      Object.assign(withCode('duplicate key', '23505'), { constraint: 'users_email_key' }),
    );
    expect(isConnectionError(unique)).toBe(false);
    expect(translateDatabaseError(unique)).toMatchObject({
      code: ErrorCode.CONFLICT,
      details: { reason: 'UNIQUE_VIOLATION', fields: ['email'] },
    });
    expect(translateDatabaseError(new Error('Connection refused by the policy engine'))).toBeNull();
    expect(translateDatabaseError(withCode('syntax error', '42601'))).toBeNull();
  });

  it('recognises serialization failures and deadlocks as retryable, and nothing else', () => {
    expect(isRetryableTransactionError(wrapped(withCode('could not serialize', '40001')))).toBe(
      true,
    );
    expect(isRetryableTransactionError(withCode('deadlock detected', '40P01'))).toBe(true);
    expect(isRetryableTransactionError(withCode('duplicate key', '23505'))).toBe(false);
    expect(isRetryableTransactionError(new Error('Connection terminated unexpectedly'))).toBe(
      false,
    );
    // After the retries, a lasting conflict is still a CONFLICT for the client.
    expect(translateDatabaseError(withCode('could not serialize', '40001'))?.code).toBe(
      ErrorCode.CONFLICT,
    );
  });

  it('recognises released query runners by name (another realm’s class is not instanceof)', () => {
    const foreign = Object.assign(new Error('Query runner already released.'), {
      name: 'QueryRunnerAlreadyReleasedError',
    });
    expect(isQueryRunnerReleasedError(foreign)).toBe(true);
    expect(isQueryRunnerReleasedError(new Error('Query runner already released.'))).toBe(false);
  });

  it.each(['22021', '22P05'])(
    'answers text PostgreSQL cannot store (%s) as INVALID_CHARACTER',
    (state) => {
      const error = wrapped(withCode('invalid byte sequence for encoding "UTF8": 0x00', state));
      expect(translateDatabaseError(error)).toMatchObject({
        code: ErrorCode.BAD_USER_INPUT,
        details: { reason: 'INVALID_CHARACTER' },
      });
      expect(translateDatabaseError(error)?.message).not.toMatch(/0x00|UTF8/);
    },
  );

  describe('check violations (23514) name the field the constraint guards', () => {
    const check = (constraint: string) =>
      wrapped(Object.assign(withCode('violates check constraint', '23514'), { constraint }));

    it.each([
      [
        'deals_title_check',
        { input: { title: ' ', deliverables: [{ title: 'a' }] } },
        ['input.title'],
      ],
      [
        'deals_kill_fee_bps_check',
        { input: { terms: { killFeeBps: 1 } } },
        ['input.terms.killFeeBps'],
      ],
      [
        'deliverables_title_check',
        { input: { title: 'deal', deliverables: [{ title: 'a' }, { title: ' ' }] } },
        ['input.deliverables.0.title', 'input.deliverables.1.title'], // which one: unknown
      ],
      ['deliverables_title_check', { input: { dealId: 'x', title: ' ' } }, ['input.title']],
      [
        'deliverables_check',
        { input: { deliverables: [{ dueAt: new Date(0), scheduledAt: new Date(1) }] } },
        ['input.deliverables.0.dueAt'],
      ],
      [
        'statuspage_component_mappings_component_name_check',
        { feed: 'meta', component: ' ' },
        ['component'],
      ],
      ['platform_accounts_handle_check', undefined, ['handle']], // no arguments: the field alone
      ['outages_check', { input: { startsAt: new Date(0) } }, ['endsAt']], // not given: the field
    ])('%s with %j → %j', (constraint, args, fields) => {
      expect(translateDatabaseError(check(constraint), args)).toMatchObject({
        code: ErrorCode.BAD_USER_INPUT,
        details: { reason: 'INVALID_VALUE', fields },
      });
    });

    it('treats the server’s own bookkeeping rules as faults, and unknown ones as bad input', () => {
      expect(translateDatabaseError(check('idempotency_keys_key_hash_check'))).toBeNull();
      expect(translateDatabaseError(check('audit_entries_check'))).toBeNull();
      expect(translateDatabaseError(check('some_new_check'))).toMatchObject({
        code: ErrorCode.BAD_USER_INPUT,
        details: { fields: [] },
      });
    });

    it('maps every CHECK constraint the migrations create (PostgreSQL names)', () => {
      // PostgreSQL names a column constraint <table>_<column>_check; this lists the column ones
      // the migrations declare. Table-level ones are checked against a real schema in
      // test/security/input-edge.e2e-spec.ts.
      const sources = readdirSync(join(__dirname, '../../../migrations'))
        .filter((name) => /^\d+-.*\.ts$/.test(name))
        .map((name) => readFileSync(join(__dirname, '../../../migrations', name), 'utf8'));
      const names: string[] = [];
      for (const source of sources) {
        for (const table of source.matchAll(/CREATE TABLE (\w+) \(([\s\S]*?)\n\s*\)`/g)) {
          for (const column of table[2].matchAll(/^\s*(\w+) [^\n]*?\bCHECK \(/gm)) {
            names.push(`${table[1]}_${column[1]}_check`);
          }
        }
      }
      expect(names.length).toBeGreaterThan(30);
      expect(names.filter((name) => !(name in CHECK_CONSTRAINT_FIELDS))).toEqual([]);
    });

    it('finds a field only where it can be', () => {
      expect(fieldPathsInArguments('deliverables.fee', { input: { fee: '1.00' } })).toEqual([
        'input.fee',
      ]);
      expect(fieldPathsInArguments('title', { input: { subtitle: 'x' } })).toEqual(['title']);
    });
  });
});
