import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { AppError } from './app-error';
import { validationErrorsToAppError } from './validation';

/**
 * class-validator on every argument, with failures named by their full path (`input.email`,
 * `filter.status`) so they match the paths services use for the same fields.
 */
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidUnknownValues: true,
      exceptionFactory: validationErrorsToAppError,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof AppError && metadata.data && error.details.fields) {
        const prefix = metadata.data;
        const fields = error.details.fields.map((field) => `${prefix}.${field}`);
        const message = error.message.replace(
          /(^|; )([\w.]+): /g,
          (_match, separator: string, field: string) => `${separator}${prefix}.${field}: `,
        );
        throw new AppError(error.code, message, { ...error.details, fields });
      }
      throw error;
    }
  }
}
