import { SetMetadata } from '@nestjs/common';

export const PAYLOAD_FIELD = 'deal-ledger:payload-field';

/** The resolver returns the payload's fields itself (e.g. `{ webhook, secret }`). */
export const SPREAD = Symbol('spread');

/**
 * Marks a mutation whose resolver returns the payload's object (or, with SPREAD, its fields):
 * the user-errors interceptor wraps it as `{ [field]: result, userErrors: [] }`, and turns a
 * refusal of the input (BAD_USER_INPUT, CONFLICT) into `{ userErrors }` instead of a top-level
 * error.
 */
export const PayloadOf = (field: string | typeof SPREAD): MethodDecorator & ClassDecorator =>
  SetMetadata(PAYLOAD_FIELD, field);
