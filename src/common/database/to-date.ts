/** `pg` and PGlite hand timestamps back differently (Date or string); raw rows pass through this. */
export function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}
