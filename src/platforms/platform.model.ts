import { Node } from '../common/graphql/node.interface';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { ConnectionType } from '../common/graphql/pagination';
import { PLATFORM_KINDS, type PlatformKind } from './platform.entity';

export const PlatformKindEnum = graphqlEnum(
  PLATFORM_KINDS,
  'PlatformKind',
  'What sort of platform it is; informative only (outages follow dependsOn, not the kind). May gain values; handle unknown ones',
  {
    INFRASTRUCTURE:
      'Infrastructure other platforms run on, e.g. "meta", "google": nothing is published on it directly',
    SOCIAL: 'A social network, e.g. Instagram, Facebook',
    MESSAGING: 'A messaging app, e.g. WhatsApp, Messenger',
    VIDEO: 'A video or streaming platform, e.g. YouTube, TikTok, Twitch',
    EMAIL: 'Email newsletters',
    WEB: 'A website or blog',
  },
);

@ObjectType({
  description: 'A publishing platform or the infrastructure behind it',
  implements: () => [Node],
})
export class Platform {
  @Field(() => ID, { description: "The platform's UUID, unique across the API (see node)" })
  id: string;

  @Field({ description: 'Stable identifier used in inputs, e.g. "instagram"' })
  slug: string;

  @Field({ description: 'Display name, e.g. "Instagram"' })
  name: string;

  @Field(() => PlatformKindEnum, { description: 'What sort of platform it is' })
  kind: PlatformKind;
}

@ObjectType()
export class PlatformConnection extends ConnectionType(Platform) {}
