import { AppError, badInput, ErrorCode } from '../common/errors/app-error';

/** Stable `extensions.reason` values raised by webhooks (a refused URL: `checkWebhookUrl`'s). */
export enum WebhookErrorReason {
  BRAND_REQUIRED = 'BRAND_REQUIRED',
  TOO_MANY_WEBHOOKS = 'TOO_MANY_WEBHOOKS',
}

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
