import { CommonErrorReason } from '../errors/common.errors';

/** `extensions.reason` for text PostgreSQL cannot store: a NUL, or half of a surrogate pair. */
export const INVALID_CHARACTER = CommonErrorReason.INVALID_CHARACTER;

// ES2024's String.prototype.isWellFormed (Node 20+), not yet in the ES2023 lib typings.
const isWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean })
  .isWellFormed as (this: string) => boolean;

/**
 * Why `value` cannot be stored as PostgreSQL text, or null when it can: U+0000 (which text and
 * jsonb refuse), or a lone UTF-16 surrogate (not a character at all; the driver would silently
 * turn it into U+FFFD).
 */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (!isWellFormed.call(value)) return 'contains an unpaired UTF-16 surrogate';
  return null;
}
