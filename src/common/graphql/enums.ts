import { registerEnumType } from '@nestjs/graphql';

/** What each value of an enum means, for the schema: one description per value. */
export type EnumValueDescriptions<V extends string> = { [K in V]: string };

/**
 * Registers a list of string literals as a GraphQL enum and returns the object to reference in
 * @Field. `valueDescriptions` describes each value (optional, so existing callers keep working).
 */
export function graphqlEnum<const T extends readonly string[]>(
  values: T,
  name: string,
  description?: string,
  valueDescriptions?: EnumValueDescriptions<T[number]>,
): { [K in T[number]]: K } {
  const enumObject = Object.fromEntries(values.map((value) => [value, value])) as {
    [K in T[number]]: K;
  };
  const valuesMap = valueDescriptions
    ? (Object.fromEntries(
        values.map((value) => [value, { description: valueDescriptions[value as T[number]] }]),
      ) as { [K in T[number]]: { description: string } })
    : undefined;
  registerEnumType(enumObject, { name, description, valuesMap });
  return enumObject;
}
