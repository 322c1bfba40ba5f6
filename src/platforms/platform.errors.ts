import { AppError, badInput, conflict, ErrorCode, notFound } from '../common/errors/app-error';
import { AmountErrorReason } from '../common/errors/common.errors';
import { registerUserErrorCodes } from '../common/graphql/user-error';

/** Stable `extensions.reason` values raised by the platforms feature. */
export enum PlatformErrorReason {
  UNKNOWN_PLATFORM = 'UNKNOWN_PLATFORM',
  SLUG_TAKEN = 'SLUG_TAKEN',
  DEPENDENCY_CYCLE = 'DEPENDENCY_CYCLE',
  DUPLICATE_DEPENDENCY = 'DUPLICATE_DEPENDENCY',
  BLANK_VALUE = 'BLANK_VALUE',
  UNKNOWN_CURRENCY = AmountErrorReason.UNKNOWN_CURRENCY,
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  DEPENDENCY_NOT_FOUND = 'PLATFORM_DEPENDENCY_NOT_FOUND',
}

registerUserErrorCodes(
  PlatformErrorReason,
  {
    UNKNOWN_PLATFORM: 'A platform slug names no platform; see the platforms query for slugs',
    SLUG_TAKEN: 'A platform with this slug already exists; choose another slug',
    DEPENDENCY_CYCLE:
      'The dependency would make a platform depend on itself, directly or through others (the cycle is in the message); remove a link of the cycle',
    DUPLICATE_DEPENDENCY: 'The platform already depends on this provider; there is nothing to add',
    BLANK_VALUE: 'A text field is empty or only spaces; give it a value',
    INVALID_AMOUNT:
      'An amount cannot be held by its currency (malformed, negative, too precise or too large: amountProblem says which); correct it',
  },
  // UNKNOWN_CURRENCY: common's; DEPENDENCY_NOT_FOUND is NOT_FOUND.
  [PlatformErrorReason.UNKNOWN_CURRENCY, PlatformErrorReason.DEPENDENCY_NOT_FOUND],
);

export function unknownPlatforms(slugs: string[], field: string): AppError {
  const quoted = slugs.map((slug) => `"${slug}"`).join(', ');
  return badInput(
    slugs.length === 1 ? `Unknown platform ${quoted}` : `Unknown platforms ${quoted}`,
    [field],
    PlatformErrorReason.UNKNOWN_PLATFORM,
  );
}

/**
 * One unknown slug among several references, each with its own field (a deal's deliverables):
 * the wording deals, impact and reports use, pointing at the platforms query.
 */
export function unknownPlatformReference(slug: string, field: string): AppError {
  return badInput(
    `Unknown platform "${slug}"; see the platforms query for slugs`,
    [field],
    PlatformErrorReason.UNKNOWN_PLATFORM,
  );
}

export function slugTaken(slug: string): AppError {
  return new AppError(ErrorCode.CONFLICT, `A platform with slug "${slug}" already exists`, {
    reason: PlatformErrorReason.SLUG_TAKEN,
    fields: ['input.slug'],
  });
}

/** `cycle` reads platform → provider → … → platform, e.g. ["meta", "instagram", "meta"]. */
export function dependencyCycle(cycle: string[], field: string): AppError {
  const [platform, provider] = [cycle[0], cycle[1]];
  const message =
    platform === provider
      ? `A platform cannot depend on itself (${cycle.join(' → ')})`
      : `"${platform}" cannot depend on "${provider}": that would create a dependency cycle ${cycle.join(' → ')}`;
  return new AppError(ErrorCode.BAD_USER_INPUT, message, {
    reason: PlatformErrorReason.DEPENDENCY_CYCLE,
    fields: [field],
    cycle,
  });
}

export function duplicateDependency(platformSlug: string, providerSlug: string): AppError {
  return conflict(
    `"${platformSlug}" already depends on "${providerSlug}"`,
    PlatformErrorReason.DUPLICATE_DEPENDENCY,
  );
}

export function dependencyNotFound(platformSlug: string, providerSlug: string): AppError {
  const error = notFound(`Dependency of "${platformSlug}" on "${providerSlug}"`);
  return new AppError(error.code, error.message, {
    reason: PlatformErrorReason.DEPENDENCY_NOT_FOUND,
  });
}

export function blank(field: string, what: string): AppError {
  return badInput(`${what} must not be blank`, [field], PlatformErrorReason.BLANK_VALUE);
}
