import type { GraphqlResponse } from './test-app';

/** The error codes of a response, in order. */
export function errorCodes(response: GraphqlResponse): string[] {
  return (response.errors ?? []).map((error) => String(error.extensions?.code));
}

export function expectError(response: GraphqlResponse, code: string, fields?: string[]): void {
  expect(response.errors?.length).toBeGreaterThan(0);
  expect(errorCodes(response)).toContain(code);
  if (fields) {
    expect(response.errors![0].extensions?.fields).toEqual(expect.arrayContaining(fields));
  }
  for (const error of response.errors ?? []) {
    expect(error.extensions?.stacktrace).toBeUndefined();
  }
}

export interface UserErrorShape {
  field: string[] | null;
  code: string;
  message: string;
}

/** The user errors of every mutation payload in `data` that refused its input. */
export function userErrorsIn(data: unknown): Array<{ mutation: string; errors: UserErrorShape[] }> {
  if (!data || typeof data !== 'object') return [];
  return Object.entries(data as Record<string, unknown>).flatMap(([mutation, payload]) => {
    const errors = (payload as { userErrors?: unknown } | null)?.userErrors;
    return Array.isArray(errors) && errors.length > 0
      ? [{ mutation, errors: errors as UserErrorShape[] }]
      : [];
  });
}

/** Throws when a mutation in `data` answered with user errors: `gqlOk` expects success. */
export function failOnUserErrors(data: unknown, label = 'GraphQL user errors'): void {
  const refused = userErrorsIn(data);
  if (refused.length > 0) throw new Error(`${label}: ${JSON.stringify(refused, null, 2)}`);
}

/** The user-error codes of the `mutation` payload, in order. */
export function userErrorCodes(response: GraphqlResponse, mutation: string): string[] {
  const payload = (response.data as Record<string, any> | undefined)?.[mutation];
  return ((payload?.userErrors ?? []) as UserErrorShape[]).map((error) => error.code);
}

/**
 * `mutation` refused its input: no top-level error, its payload's other selected fields null,
 * and among its user errors one with `code` (at `field`, a dotted path such as
 * `input.deliverables.1.fee`, when given).
 */
export function expectUserError(
  response: GraphqlResponse,
  mutation: string,
  code: string,
  field?: string,
): UserErrorShape[] {
  expect(response.errors ?? []).toEqual([]);
  const payload = (response.data as Record<string, any> | undefined)?.[mutation];
  expect(payload).toBeTruthy();
  const userErrors = (payload.userErrors ?? []) as UserErrorShape[];
  expect(userErrors.map((error) => error.code)).toContain(code);
  if (field !== undefined) {
    expect(
      userErrors.filter((error) => error.code === code).map((error) => error.field?.join('.')),
    ).toContain(field);
  }
  for (const [key, value] of Object.entries(payload)) {
    if (key !== 'userErrors' && key !== '__typename')
      expect({ [key]: value }).toEqual({ [key]: null });
  }
  return userErrors;
}
