import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLSchema,
} from 'graphql';
import { TestApp } from '../support/test-app';

/**
 * The mutation conventions every client can rely on, checked on the schema the service serves,
 * so a new mutation cannot slip past them: one required `input` object, a `…Payload` answer whose
 * object fields are nullable (null when refused) beside a non-null `userErrors` list.
 */
describe('mutation conventions', () => {
  let t: TestApp;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    t = await TestApp.start();
    schema = t.app.get(GraphQLSchemaHost).schema;
  });
  afterAll(async () => {
    await t.close();
  });

  it('has mutations to check', () => {
    expect(Object.keys(schema.getMutationType()!.getFields()).length).toBeGreaterThan(25);
  });

  it('gives every mutation one required input object', () => {
    const offenders = Object.values(schema.getMutationType()!.getFields())
      .filter(
        (field) =>
          field.args.length !== 1 ||
          field.args[0].name !== 'input' ||
          !isNonNullType(field.args[0].type) ||
          !isInputObjectType(field.args[0].type.ofType),
      )
      .map((field) => field.name);
    expect(offenders).toEqual([]);
  });

  it('answers every mutation with a …Payload holding nullable objects and userErrors', () => {
    const offenders: string[] = [];
    for (const field of Object.values(schema.getMutationType()!.getFields())) {
      const payload = isNonNullType(field.type) ? field.type.ofType : field.type;
      if (!isObjectType(payload) || !payload.name.endsWith('Payload')) {
        offenders.push(`${field.name}: answers ${String(field.type)}`);
        continue;
      }
      const fields = payload.getFields();
      const userErrors = fields.userErrors?.type;
      if (
        !userErrors ||
        !isNonNullType(userErrors) ||
        !isListType(userErrors.ofType) ||
        getNamedType(userErrors).name !== 'UserError'
      ) {
        offenders.push(`${field.name}: ${payload.name}.userErrors is not [UserError!]!`);
      }
      for (const [name, own] of Object.entries(fields)) {
        if (name !== 'userErrors' && isNonNullType(own.type)) {
          offenders.push(`${field.name}: ${payload.name}.${name} is non-null`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
