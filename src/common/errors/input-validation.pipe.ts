import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { AppError } from './app-error';
import { validationErrorsToAppError } from './validation';

const SERVER_VALUES = new Set<unknown>([0, 1, 2]);

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
    // A resolver's parent object, context and info are the server's own values, not input: Nest
    // GraphQL hands them over as numeric param types (GqlParamtype ROOT 0, CONTEXT 1, INFO 2).
    // Validating a parent entity would copy it through class-transformer on every nested field.
    if (SERVER_VALUES.has(metadata.type)) return value;
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof AppError && metadata.data && error.details.fields) {
        throw underArgument(error, metadata.data);
      }
      throw error;
    }
  }
}

/** `error` with its field paths (and each listed problem's) under the argument `prefix`. */
function underArgument(error: AppError, prefix: string): AppError {
  const fields = (error.details.fields ?? []).map((field) => `${prefix}.${field}`);
  const message = error.message.replace(
    /(^|; )([\w.]+): /g,
    (_match, separator: string, field: string) => `${separator}${prefix}.${field}: `,
  );
  const refusals = Array.isArray(error.details.refusals)
    ? (error.details.refusals as AppError[]).map((problem) => underArgument(problem, prefix))
    : undefined;
  return new AppError(error.code, message, {
    ...error.details,
    fields,
    ...(refusals ? { refusals } : {}),
  });
}
