import type { ValueTransformer } from 'typeorm';

/**
 * `pg` hands bigint columns back as strings and PGlite as JS bigints (or numbers when small):
 * every money column goes through this one transformer so the code only ever sees `bigint`.
 */
export const bigintColumn: ValueTransformer = {
  to: (value: bigint | null | undefined) =>
    value === null || value === undefined ? value : value.toString(),
  from: (value: string | number | bigint | null) =>
    value === null || value === undefined ? value : BigInt(value),
};
