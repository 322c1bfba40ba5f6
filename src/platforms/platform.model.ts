import { Node } from '../common/graphql/node.interface';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { ConnectionType } from '../common/graphql/pagination';
import { PLATFORM_KINDS, type PlatformKind } from './platform.entity';

export const PlatformKindEnum = graphqlEnum(PLATFORM_KINDS, 'PlatformKind');

@ObjectType({
  description: 'A publishing platform or the infrastructure behind it',
  implements: () => [Node],
})
export class Platform {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Stable identifier used in inputs, e.g. "instagram"' })
  slug: string;

  @Field()
  name: string;

  @Field(() => PlatformKindEnum)
  kind: PlatformKind;
}

@ObjectType()
export class PlatformConnection extends ConnectionType(Platform) {}
