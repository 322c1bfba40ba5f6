import { plainToInstance, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

export type NodeEnvironment = 'development' | 'production' | 'test';

/**
 * Every setting the service reads from the environment, validated once at boot.
 * This is the only file that touches `process.env`.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: NodeEnvironment = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_URL must start with postgres:// or postgresql://',
  })
  DATABASE_URL?: string;

  /** Folder of the embedded PostgreSQL (PGlite) when DATABASE_URL is not set. */
  @IsString()
  DATA_DIR = './data';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  /** Lifetime of a token minted by signIn/signUp, in days. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SESSION_TOKEN_DAYS = 30;

  /** scrypt cost as log2(N); 17 is OWASP's floor. Tests lower it to stay fast. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(20)
  PASSWORD_HASH_COST = 17;

  /** Lifetime of a brand invitation, in days. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  INVITATION_DAYS = 14;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get usesEmbeddedDatabase(): boolean {
    return !this.DATABASE_URL;
  }
}

export class ConfigValidationError extends Error {}

export function loadAppConfig(
  environment: Record<string, string | undefined> = process.env,
): AppConfig {
  const known = Object.keys(new AppConfig()).concat('DATABASE_URL');
  const raw = Object.fromEntries(
    Object.entries(environment).filter(([key, value]) => known.includes(key) && value !== ''),
  );
  const config = plainToInstance(AppConfig, raw, { enableImplicitConversion: false });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((message) => `  ${error.property}: ${message}`),
    );
    throw new ConfigValidationError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
