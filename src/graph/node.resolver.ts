import { Args, Extensions, ID, Query, Resolver } from '@nestjs/graphql';
import { Ctx } from '../auth/current-viewer.decorator';
import { badInput, notFound } from '../common/errors/app-error';
import { Node, type TypedNode } from '../common/graphql/node.interface';
import { registerUserErrorCodes } from '../common/graphql/user-error';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { NodeLoaders } from './node.loaders';

export const MAX_NODE_IDS = 100;

export enum NodeErrorReason {
  TOO_MANY_IDS = 'TOO_MANY_IDS',
}

registerUserErrorCodes(NodeErrorReason, {
  TOO_MANY_IDS: `nodes was given more ids than the limit (${MAX_NODE_IDS}); ask in several requests`,
});

@Resolver(() => Node)
export class NodeResolver {
  constructor(private readonly loaders: NodeLoaders) {}

  @Query(() => Node, {
    nullable: true,
    description:
      'Any object by its id, with the access its own lookup has: null and a NOT_FOUND error when there is none or the caller may not read it',
  })
  async node(
    @Ctx() ctx: RequestContext,
    @Args('id', {
      type: () => ID,
      description: 'The id of any record; unknown or not yours to read: null and NOT_FOUND',
    })
    id: string,
  ): Promise<TypedNode | null> {
    const [found] = await this.loaders.load(ctx, [id]);
    if (!found) throw notFound('Node', id);
    return found;
  }

  @Extensions({ maxItems: MAX_NODE_IDS, sizeArgument: 'ids' })
  @Query(() => [Node], {
    nullable: 'items',
    description: `Objects by id (at most ${MAX_NODE_IDS}), in the order asked: null for each id that names nothing the caller may read. A constant number of statements whatever the ids`,
  })
  nodes(
    @Ctx() ctx: RequestContext,
    @Args('ids', {
      type: () => [ID],
      description:
        'At most 100 ids of any records; each unknown or unreadable one is null in place',
    })
    ids: string[],
  ): Promise<Array<TypedNode | null>> {
    if (ids.length > MAX_NODE_IDS) {
      throw badInput(`At most ${MAX_NODE_IDS} ids at once`, ['ids'], NodeErrorReason.TOO_MANY_IDS);
    }
    return this.loaders.load(ctx, ids);
  }
}
