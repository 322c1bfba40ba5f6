import { Field, ID, InterfaceType } from '@nestjs/graphql';

/**
 * The GraphQL type name of a record `node`/`nodes` found, set by the node resolver on the record
 * it loaded (the records are entities, not instances of the GraphQL classes).
 */
export const NODE_TYPE = Symbol('nodeType');

export type TypedNode = { id: string; [NODE_TYPE]?: string };

/**
 * Relay object identification. Ids are the records' UUIDs, unique across every table, so a
 * client may cache by id alone; `node(id)`/`nodes(ids)` fetch any of them again.
 */
@InterfaceType({
  description:
    'An object with an id unique across the whole API (a UUID): fetch it again with node(id) or nodes(ids)',
  resolveType: (value: TypedNode) => value[NODE_TYPE],
})
export abstract class Node {
  @Field(() => ID, {
    description:
      'A UUID, unique across every type of the API: pass it to node(id) to fetch the object again',
  })
  id: string;
}
