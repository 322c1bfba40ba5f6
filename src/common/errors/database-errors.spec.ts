import { Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ErrorCode } from './app-error';
import {
  isConnectionError,
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
});
