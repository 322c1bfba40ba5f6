import { registerUserErrorCodes } from '../../common/graphql/user-error';

/** Stable `extensions.reason` values of a refused deals CSV (each row's own are in `problems`). */
export enum DealsCsvErrorReason {
  CSV_INVALID = 'CSV_INVALID',
  CSV_TOO_LARGE = 'CSV_TOO_LARGE',
}

registerUserErrorCodes(DealsCsvErrorReason, {
  CSV_INVALID:
    'The CSV has problems (listed with their line and column) and nothing was imported; fix them and import again',
  CSV_TOO_LARGE:
    'The CSV has more bytes or rows than the import takes (the message gives the limit); split it into smaller files',
});
