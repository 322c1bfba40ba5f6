import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  type GraphQLSchema,
} from 'graphql';

/**
 * The schema documents itself: every type, field, argument, input field and enum value of the
 * committed schema.gql has a description (GraphQL's own scalars and introspection aside).
 * schema.gql is regenerated whenever the app boots outside production, so this checks the code.
 */
export function undocumented(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const described = (text: string | null | undefined) => Boolean(text && text.trim());
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
    const root = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    if (!root.includes(type as never) && !described(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!described(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) {
          if (!described(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!described(field.description)) missing.push(`${type.name}.${field.name}`);
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (!described(value.description)) missing.push(`${type.name}.${value.name}`);
      }
    } else if (isUnionType(type)) {
      // a union's members are types, described on their own
    }
  }
  return missing.sort();
}

describe('schema descriptions', () => {
  it('describes every type, field, argument, input field and enum value', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '../../schema.gql'), 'utf8'));
    expect(undocumented(schema)).toEqual([]);
  });

  it('notices what is not described', () => {
    const schema = buildSchema(`
      "Root" type Query { "described" a(x: Int): B  b: Int }
      type B { "f" f: E }
      enum E { "one" ONE TWO }
    `);
    expect(undocumented(schema)).toEqual(['B', 'E', 'E.TWO', 'Query.a(x)', 'Query.b']);
  });
});
