import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { OUTAGE_SEVERITIES } from '../outage.entity';

/**
 * The limits of an outage's fields, shared by every input that describes one (recordOutage,
 * updateOutage, simulateOutage), so that a simulation accepts exactly what a real outage accepts.
 * The GraphQL side (`@Field`, descriptions, nullability, `@IsOptional`) stays on each input.
 */
export const OUTAGE_TITLE_MAX_LENGTH = 300;
export const OUTAGE_MAX_PLATFORMS = 100;
/** A FULL outage's degradation; a PARTIAL one is 1 to FULL_OUTAGE_BPS − 1. */
export const FULL_OUTAGE_BPS = 10_000;
export const MAX_PARTIAL_OUTAGE_BPS = FULL_OUTAGE_BPS - 1;

/** Decorators written top to bottom, applied bottom-up as if stacked above the property. */
function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...[...decorators].reverse());
}

export const IsOutageTitle = (): PropertyDecorator =>
  stacked(IsString(), Length(1, OUTAGE_TITLE_MAX_LENGTH));

/** At least one platform slug, at most OUTAGE_MAX_PLATFORMS. */
export const IsOutagePlatformSlugs = (): PropertyDecorator =>
  stacked(IsArray(), ArrayMinSize(1), ArrayMaxSize(OUTAGE_MAX_PLATFORMS), IsString({ each: true }));

export const IsOutageInstant = (): PropertyDecorator =>
  stacked(
    Type(() => Date),
    IsDate(),
  );

export const IsOutageSeverity = (): PropertyDecorator => IsIn(OUTAGE_SEVERITIES);

/**
 * 1–FULL_OUTAGE_BPS: FULL may restate its 10 000; whether a value fits the severity (PARTIAL
 * below 10 000) is the service's check, with its own error reason.
 */
export const IsDegradationBps = (): PropertyDecorator =>
  stacked(IsInt(), Min(1), Max(FULL_OUTAGE_BPS));
