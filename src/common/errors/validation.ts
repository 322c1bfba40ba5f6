import type { ValidationError } from 'class-validator';
import { VALIDATION_FAILED } from '../graphql/user-error';
import { AppError, ErrorCode } from './app-error';

/** Every failed constraint with its dotted field path (`input.deliverables.0.fee`). */
export function flattenValidationErrors(
  errors: ValidationError[],
  prefix: string,
): Array<{ field: string; message: string }> {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}

/** class-validator failures become one BAD_USER_INPUT naming every offending field. */
export function validationErrorsToAppError(errors: ValidationError[]): AppError {
  const problems = flattenValidationErrors(errors, '');
  const fields = [...new Set(problems.map((problem) => problem.field))];
  const message = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
  return new AppError(ErrorCode.BAD_USER_INPUT, message || 'Invalid input', {
    fields,
    reason: VALIDATION_FAILED,
    refusals: problems.map(
      ({ field, message: text }) =>
        new AppError(ErrorCode.BAD_USER_INPUT, `${field}: ${text}`, {
          fields: [field],
          reason: VALIDATION_FAILED,
        }),
    ),
  });
}
