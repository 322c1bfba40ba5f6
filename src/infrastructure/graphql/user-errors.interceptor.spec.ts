import { Logger } from '@nestjs/common';
import {
  AppError,
  badInput,
  collectRefusal,
  conflict,
  ErrorCode,
  forbidden,
  inputProblems,
  notFound,
} from '../../common/errors/app-error';
import { validationErrorsToAppError } from '../../common/errors/validation';
import '../../deals/deal.errors';
import { userErrorsOf } from './user-errors.interceptor';

describe('user errors of a refused mutation', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('turns a refusal of the input into one user error with its field as a path', () => {
    const error = badInput(
      'the deadline is before the slot',
      ['input.deliverables.1.dueAt'],
      'DEADLINE_BEFORE_SLOT',
    );
    expect(userErrorsOf(error)).toEqual([
      {
        field: ['input', 'deliverables', '1', 'dueAt'],
        code: 'DEADLINE_BEFORE_SLOT',
        message: 'the deadline is before the slot',
      },
    ]);
  });

  it('lists every problem collected from one input, in order', () => {
    const problems: AppError[] = [];
    collectRefusal(problems, () => {
      throw badInput('a', ['input.dueAt'], 'DEADLINE_BEFORE_SLOT');
    });
    expect(collectRefusal(problems, () => 42)).toBe(42);
    collectRefusal(problems, () => {
      throw conflict('closed', 'DEAL_CLOSED');
    });
    expect(userErrorsOf(inputProblems(problems))).toEqual([
      { field: ['input', 'dueAt'], code: 'DEADLINE_BEFORE_SLOT', message: 'a' },
      { field: null, code: 'DEAL_CLOSED', message: 'closed' },
    ]);
  });

  it('gives class-validator failures one user error per field', () => {
    const error = validationErrorsToAppError([
      { property: 'title', constraints: { isLength: 'title is too long' }, children: [] },
      { property: 'fee', constraints: { isString: 'fee must be a string' }, children: [] },
    ]);
    expect(userErrorsOf(error)?.map(({ field, code }) => ({ field, code }))).toEqual([
      { field: ['title'], code: 'VALIDATION_FAILED' },
      { field: ['fee'], code: 'VALIDATION_FAILED' },
    ]);
  });

  it('leaves authorization, missing records, races and faults as top-level errors', () => {
    expect(userErrorsOf(forbidden('no'))).toBeNull();
    expect(userErrorsOf(notFound('Deal', 'x'))).toBeNull();
    expect(userErrorsOf(conflict('retry', 'CONCURRENT_UPDATE'))).toBeNull();
    expect(userErrorsOf(new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'down'))).toBeNull();
    expect(userErrorsOf(new Error('bug'))).toBeNull();
  });

  it('answers an unregistered reason with INVALID_INPUT and logs the slip', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect(userErrorsOf(badInput('odd', ['input.x'], 'NOT_A_REGISTERED_REASON'))).toEqual([
      { field: ['input', 'x'], code: 'INVALID_INPUT', message: 'odd' },
    ]);
    expect(logged).toHaveBeenCalled();
  });
});
