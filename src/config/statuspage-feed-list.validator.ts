import { ValidateBy, type ValidationOptions } from 'class-validator';
import { parseFeedList } from './statuspage-feed-list';

/** Validates a `STATUSPAGE_FEEDS` value (`name=url,name=url`) with the poller's own parser. */
export function IsStatuspageFeedList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStatuspageFeedList',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && 'feeds' in parseFeedList(value),
        defaultMessage: (args) => {
          const parsed = typeof args?.value === 'string' ? parseFeedList(args.value) : null;
          const reason = parsed && 'error' in parsed ? parsed.error : 'it must be a string';
          return `STATUSPAGE_FEEDS must be comma-separated name=url pairs: ${reason}`;
        },
      },
    },
    options,
  );
}
