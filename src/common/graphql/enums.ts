import { registerEnumType } from '@nestjs/graphql';

/** Registers a list of string literals as a GraphQL enum and returns the object to reference in @Field. */
export function graphqlEnum<const T extends readonly string[]>(
  values: T,
  name: string,
  description?: string,
): { [K in T[number]]: K } {
  const enumObject = Object.fromEntries(values.map((value) => [value, value])) as {
    [K in T[number]]: K;
  };
  registerEnumType(enumObject, { name, description });
  return enumObject;
}
