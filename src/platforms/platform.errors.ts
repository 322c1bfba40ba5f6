import { AppError, badInput, conflict, ErrorCode, notFound } from '../common/errors/app-error';

/** Stable `extensions.reason` values raised by the platforms feature. */
export enum PlatformErrorReason {
  UNKNOWN_PLATFORM = 'UNKNOWN_PLATFORM',
  SLUG_TAKEN = 'SLUG_TAKEN',
  DEPENDENCY_CYCLE = 'DEPENDENCY_CYCLE',
  DUPLICATE_DEPENDENCY = 'DUPLICATE_DEPENDENCY',
  BLANK_VALUE = 'BLANK_VALUE',
  UNKNOWN_CURRENCY = 'UNKNOWN_CURRENCY',
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  DEPENDENCY_NOT_FOUND = 'PLATFORM_DEPENDENCY_NOT_FOUND',
}

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
