import { AppError, badInput, conflict, ErrorCode, notFound } from '../../common/errors/app-error';
import { registerUserErrorCodes } from '../../common/graphql/user-error';
import { OutageErrorReason } from '../../outages/outage.errors';
import type { DocumentProblem } from './statuspage-document';

/** Stable `extensions.reason` values raised by the Statuspage importer. */
export enum StatuspageErrorReason {
  MALFORMED_DOCUMENT = 'MALFORMED_DOCUMENT',
  INVALID_FEED_NAME = 'INVALID_FEED_NAME',
  INVALID_COMPONENT_NAME = 'INVALID_COMPONENT_NAME',
  DEGRADATION_OUT_OF_RANGE = OutageErrorReason.DEGRADATION_OUT_OF_RANGE,
  CONCURRENT_CHANGE = 'CONCURRENT_CHANGE',
}

registerUserErrorCodes(
  StatuspageErrorReason,
  {
    MALFORMED_DOCUMENT:
      'The Statuspage document is not valid JSON of the expected shape; fix the places the fields name',
    INVALID_FEED_NAME:
      'A feed name is not 1–63 lower-case letters, digits and dashes starting with a letter or digit; rename it',
    INVALID_COMPONENT_NAME: 'A component name is blank or longer than 200 characters; correct it',
    CONCURRENT_CHANGE:
      'An imported outage changed while the import ran (e.g. by a manual edit); run the import again',
  },
  [StatuspageErrorReason.DEGRADATION_OUT_OF_RANGE], // the outages'
);

/** BAD_USER_INPUT naming every problem's JSON path in `fields`, and why in `problems`. */
export function malformedDocument(problems: DocumentProblem[]): AppError {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new AppError(
    ErrorCode.BAD_USER_INPUT,
    `The Statuspage document is malformed: ${first.message}${more}`,
    {
      fields: problems.map((problem) => problem.path),
      reason: StatuspageErrorReason.MALFORMED_DOCUMENT,
      problems,
      refusals: problems.map(
        (problem) =>
          new AppError(ErrorCode.BAD_USER_INPUT, `${problem.path}: ${problem.message}`, {
            fields: ['input.document'],
            reason: StatuspageErrorReason.MALFORMED_DOCUMENT,
          }),
      ),
    },
  );
}

export function invalidFeedName(name: string, field: string): AppError {
  return badInput(
    `Feed name "${name}" must be 1–63 lower-case letters, digits and dashes, starting with a letter or digit`,
    [field],
    StatuspageErrorReason.INVALID_FEED_NAME,
  );
}

export function invalidComponentName(field: string): AppError {
  return badInput(
    'A component name must be 1–200 characters, not blank',
    [field],
    StatuspageErrorReason.INVALID_COMPONENT_NAME,
  );
}

export function degradationOutOfRange(bps: number, field: string): AppError {
  return badInput(
    `partialDegradationBps must be between 1 and 9999, not ${bps}`,
    [field],
    StatuspageErrorReason.DEGRADATION_OUT_OF_RANGE,
  );
}

export const feedNotFound = (name: string): AppError => notFound('Statuspage feed', name);

export const mappingNotFound = (feed: string, component: string): AppError =>
  notFound('Statuspage component mapping', `"${component}" of feed ${feed}`);

/** An imported outage changed (or appeared) under the import, e.g. by a manual edit. */
export function concurrentChange(externalId: string): AppError {
  return conflict(
    `The outage for ${externalId} was changed while importing; run the import again`,
    StatuspageErrorReason.CONCURRENT_CHANGE,
  );
}
