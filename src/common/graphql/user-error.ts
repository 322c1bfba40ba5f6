import { Extensions, Field, ObjectType, registerEnumType } from '@nestjs/graphql';

/**
 * The reasons a mutation refuses its input, as one GraphQL enum. Each feature registers its own
 * reasons beside their definition (`registerUserErrorCodes`), at import time, before the schema
 * is built; the enum then lists every reason the service gives.
 */
export const UserErrorCode: Record<string, string> = Object.create(null) as Record<string, string>;
// Null prototypes: a reason such as `constructor` or `__proto__` can be neither found by accident
// nor slipped in as a key that changes the object.
const codeDescriptions: Record<string, { description: string }> = Object.create(null) as Record<
  string,
  { description: string }
>;

/** The reason given when a refusal names no reason of its own. */
export const INVALID_INPUT = 'INVALID_INPUT';

/** The reason of class-validator's refusals (`validationErrorsToAppError`). */
export const VALIDATION_FAILED = 'VALIDATION_FAILED';

// A GraphQL enum value, in the style of every reason: upper snake case.
const REASON_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/**
 * Adds a feature's reasons to the `UserErrorCode` enum, each with its one-sentence description.
 * `describedElsewhere` lists the values of `reasons` this call leaves out: reasons that never
 * refuse an input (NOT_FOUND, FORBIDDEN, UNAUTHENTICATED), and values a more general feature
 * registers (the enum member then takes its value from that feature's). Registering a value again
 * with another description is a programming slip and throws, as does a malformed value.
 */
export function registerUserErrorCodes<
  R extends Record<string, string>,
  E extends R[keyof R] = never,
>(
  reasons: R,
  descriptions: { [K in Exclude<R[keyof R], E>]: string },
  describedElsewhere: readonly E[] = [],
): void {
  const skipped = new Set<string>(describedElsewhere);
  for (const reason of Object.values(reasons)) {
    if (skipped.has(reason)) continue;
    const description = (descriptions as Record<string, string | undefined>)[reason];
    if (!REASON_NAME.test(reason)) {
      throw new Error(`User error code "${reason}" is not an UPPER_SNAKE_CASE enum value`);
    }
    if (
      typeof description !== 'string' ||
      !Object.hasOwn(descriptions, reason) ||
      !description.trim()
    ) {
      throw new Error(`User error code ${reason} needs a description`);
    }
    const known = codeDescriptions[reason];
    if (known && known.description !== description) {
      throw new Error(
        `User error code ${reason} is registered twice with different descriptions: register it once, in the most general place`,
      );
    }
    UserErrorCode[reason] = reason;
    codeDescriptions[reason] = { description };
  }
}

export function isUserErrorCode(reason: unknown): reason is string {
  return typeof reason === 'string' && Object.hasOwn(UserErrorCode, reason);
}

/** The registered description of `reason`, or undefined when it is not a user error code. */
export function userErrorCodeDescription(reason: string): string | undefined {
  return isUserErrorCode(reason) ? codeDescriptions[reason].description : undefined;
}

registerUserErrorCodes(
  { INVALID_INPUT, VALIDATION_FAILED },
  {
    INVALID_INPUT: 'The input was refused for a reason without a finer code; the message says why',
    VALIDATION_FAILED:
      'A field breaks a documented limit (length, range, format, list size); the message names the limit',
  },
);

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description:
    'Why a mutation refused its input. Growable: handle codes you do not know by showing the message',
  valuesMap: codeDescriptions,
});

@ObjectType({
  description:
    "One problem with a mutation's input. A refused mutation lists every problem it found at once and writes nothing",
})
export class UserError {
  @Field(() => [String], {
    nullable: true,
    description:
      'Path to the input field at fault, from the argument down, e.g. ["input", "deliverables", "1", "fee"]; null when the problem is with the input as a whole or the record\'s state',
  })
  field: string[] | null;

  @Field(() => UserErrorCode, { description: 'The stable reason, for programs' })
  code: string;

  @Field({ description: 'What is wrong and how to fix it, for people (English)' })
  message: string;
}

/** The part every mutation's payload shares. */
@ObjectType({ isAbstract: true })
export abstract class MutationPayload {
  // at most 200 (a refused CSV import), usually one to three
  @Extensions({ maxItems: 200, expectedItems: 3 })
  @Field(() => [UserError], {
    description:
      "Every problem with the input; empty when the mutation succeeded. When not empty, nothing was written and the payload's other fields are null",
  })
  userErrors: UserError[];
}
