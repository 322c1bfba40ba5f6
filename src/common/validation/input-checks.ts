import { Matches, type ValidationOptions } from 'class-validator';
import { badInput, inputProblems } from '../errors/app-error';
import { CommonErrorReason } from '../errors/common.errors';

/** A title-like text must hold something besides spaces (it is stored trimmed). */
export function IsNotBlank(options: ValidationOptions = {}): PropertyDecorator {
  return Matches(/\S/, { message: '$property must not be blank', ...options });
}

/**
 * Refuses an explicit `null` on update fields that cannot be cleared (a title, a fee, a date
 * the deal needs): GraphQL lets a client send `null` for any optional input field, and "only the
 * fields given change" has no meaning for null on a required value. Every such field is named
 * at once, as `${prefix}.${path}`.
 *
 * @param paths dotted paths into `input`, e.g. `terms.netPaymentDays`.
 * @throws BAD_USER_INPUT `FIELD_NOT_NULLABLE`.
 */
export function refuseNulls(input: object, paths: readonly string[], prefix = 'input'): void {
  const nulls = paths.filter((path) => valueAt(input, path) === null);
  if (nulls.length === 0) return;
  const fields = nulls.map((path) => (prefix ? `${prefix}.${path}` : path));
  // One problem per field, each a user error of its own.
  throw inputProblems(
    fields.map((field) =>
      badInput(
        `${field}: cannot be null; omit it to leave the value as it is`,
        [field],
        CommonErrorReason.FIELD_NOT_NULLABLE,
      ),
    ),
  );
}

function valueAt(input: object, path: string): unknown {
  let value: unknown = input;
  for (const key of path.split('.')) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
