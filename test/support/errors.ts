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
