import { BrandErrorReason } from '../brands/brand.errors';
import { AppError, badInput, ErrorCode } from '../common/errors/app-error';
import { registerUserErrorCodes } from '../common/graphql/user-error';

/** Stable `extensions.reason` values raised by webhooks (a refused URL: `checkWebhookUrl`'s). */
export enum WebhookErrorReason {
  BRAND_REQUIRED = BrandErrorReason.BRAND_REQUIRED,
  TOO_MANY_WEBHOOKS = 'TOO_MANY_WEBHOOKS',
  URL_TOO_LONG = 'URL_TOO_LONG',
  URL_INVALID = 'URL_INVALID',
  URL_SCHEME = 'URL_SCHEME',
  URL_CREDENTIALS = 'URL_CREDENTIALS',
  URL_PRIVATE_ADDRESS = 'URL_PRIVATE_ADDRESS',
}

registerUserErrorCodes(
  WebhookErrorReason,
  {
    TOO_MANY_WEBHOOKS:
      'The owner already has the most endpoints allowed (the message gives the limit); delete one first',
    URL_TOO_LONG: 'url is longer than the limit the message gives; use a shorter URL',
    URL_INVALID: 'url is not an absolute URL; give one such as https://example.com/hooks',
    URL_SCHEME: 'url does not use http or https; use one of them',
    URL_CREDENTIALS:
      'url carries a user name or password; remove them and authenticate by the signature',
    URL_PRIVATE_ADDRESS:
      'url points at a loopback, private or otherwise non-public address; give a publicly reachable one',
  },
  [WebhookErrorReason.BRAND_REQUIRED], // the brands'
);

export const brandRequired = (): AppError =>
  badInput(
    'Brand accounts register endpoints for a brand: pass brandId',
    ['input.brandId'],
    WebhookErrorReason.BRAND_REQUIRED,
  );

export const tooManyWebhooks = (max: number): AppError =>
  new AppError(ErrorCode.CONFLICT, `At most ${max} endpoints per owner; delete one first`, {
    reason: WebhookErrorReason.TOO_MANY_WEBHOOKS,
  });

/** A URL `checkWebhookUrl` refused, with its reason. */
export const urlRefused = (message: string, reason: string): AppError =>
  badInput(message, ['input.url'], reason);
