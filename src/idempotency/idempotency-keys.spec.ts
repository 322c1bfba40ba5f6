import {
  hashGraphqlRequest,
  hashIdempotencyKey,
  isValidIdempotencyKey,
  openResponse,
  sealResponse,
  type IdempotentRequest,
} from './idempotency-keys';
import { rootFieldNames } from './root-fields';
import { OperationTypeNode, parse, type OperationDefinitionNode } from 'graphql';

describe('idempotency keys', () => {
  it('accepts 1–255 visible ASCII characters and nothing else', () => {
    for (const key of ['a', '~'.repeat(255), '0f8fad5b-d9cb-469f-a165-70867728950e', '!#$%&*+']) {
      expect(isValidIdempotencyKey(key)).toBe(true);
    }
    for (const key of ['', 'x'.repeat(256), 'with space', 'tab\t', 'é', 'line\n', '\u007f']) {
      expect(isValidIdempotencyKey(key)).toBe(false);
    }
  });

  it('hashes a request by query, variables in any key order, and operation name', () => {
    const base = {
      query: 'mutation M { x }',
      variables: { a: 1, b: { c: [1, { d: 2, e: 3 }] } },
      operationName: 'M',
    };
    const same = { ...base, variables: { b: { c: [1, { e: 3, d: 2 }] }, a: 1 } };
    expect(hashGraphqlRequest(same)).toBe(hashGraphqlRequest(base));
    expect(hashGraphqlRequest({ ...base, variables: { a: 2, b: base.variables.b } })).not.toBe(
      hashGraphqlRequest(base),
    );
    expect(hashGraphqlRequest({ ...base, operationName: null })).not.toBe(hashGraphqlRequest(base));
    expect(hashGraphqlRequest({ ...base, query: 'mutation M  { x }' })).not.toBe(
      hashGraphqlRequest(base),
    );
    // Array order is meaningful.
    expect(hashGraphqlRequest({ ...base, variables: { a: [1, 2] } })).not.toBe(
      hashGraphqlRequest({ ...base, variables: { a: [2, 1] } }),
    );
    expect(hashGraphqlRequest({ query: 'q' })).toBe(
      hashGraphqlRequest({ query: 'q', variables: {}, operationName: null }),
    );
  });

  it('stores keys hashed and responses sealed to the user, key and request', () => {
    const request: IdempotentRequest = {
      userId: '6f1c2e0a-0000-4000-8000-000000000001',
      key: 'retry-me',
      requestHash: 'a'.repeat(64),
      operation: 'createAccessToken',
    };
    expect(hashIdempotencyKey('retry-me')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashIdempotencyKey('retry-me')).not.toContain('retry-me');
    const response = { data: { createAccessToken: { token: 'dl_tok_secret' } } };
    const sealed = sealResponse(request, response);
    expect(sealed.toString('latin1')).not.toContain('dl_tok_secret');
    expect(openResponse(request, new Uint8Array(sealed))).toEqual(response);
    expect(() => openResponse({ ...request, key: 'other' }, sealed)).toThrow();
    expect(() =>
      openResponse({ ...request, userId: request.userId.replace('1', '2') }, sealed),
    ).toThrow();
    expect(() => openResponse({ ...request, requestHash: 'b'.repeat(64) }, sealed)).toThrow();
  });

  it('finds the root fields of an operation through aliases and fragments', () => {
    const document = parse(`
      mutation M { ...Create ... on Mutation { again: createDeal(input: {}) { deal { id } } } __typename }
      fragment Create on Mutation { createDeal(input: {}) { deal { id } } }`);
    const operation = document.definitions[0] as OperationDefinitionNode;
    expect(operation.operation).toBe(OperationTypeNode.MUTATION);
    expect(rootFieldNames(operation.selectionSet, document)).toEqual(['createDeal', 'createDeal']);
  });
});
