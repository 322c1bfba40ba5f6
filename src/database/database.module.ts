import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { PGlite } from '@electric-sql/pglite';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { describeDatabaseUrl, initializeWithRetries } from './connect';
import { buildDataSourceOptions } from './data-source-options';
import { runPendingMigrations } from './migration-lock';
import {
  closeEmbeddedPostgres,
  describeEmbeddedLocation,
  openEmbeddedPostgres,
} from './embedded-postgres';

export const EMBEDDED_POSTGRES = Symbol('EMBEDDED_POSTGRES');

@Global()
@Module({
  providers: [
    {
      provide: EMBEDDED_POSTGRES,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<PGlite | null> => {
        const logger = new Logger('Database');
        if (config.DATABASE_URL) {
          logger.log(`Using PostgreSQL at ${describeDatabaseUrl(config.DATABASE_URL)}`);
          return null;
        }
        logger.log(
          `Using the embedded PostgreSQL (PGlite); data lives ${describeEmbeddedLocation(config.DATA_DIR)}`,
        );
        return openEmbeddedPostgres(config.DATA_DIR);
      },
    },
  ],
  exports: [EMBEDDED_POSTGRES],
})
export class EmbeddedPostgresModule {}

/**
 * The pool must drain before the embedded engine closes, whichever shutdown hook runs first;
 * the engine's folder lock goes last. On SIGTERM these run after the HTTP server has finished
 * the requests in flight (see `GracefulExpressAdapter`).
 */
@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EMBEDDED_POSTGRES) private readonly embedded: PGlite | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    try {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    } finally {
      if (this.embedded) await closeEmbeddedPostgres(this.embedded);
    }
  }
}

/** The options handed from `useFactory` to `dataSourceFactory` below. */
type DatabaseModuleOptions = TypeOrmModuleOptions & DataSourceOptions & { connectTarget: string };

/**
 * The database for the app: `DatabaseModule.forRoot(entities)` from the composition root, which
 * owns the entity list (database/ imports no feature).
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(entities: NonNullable<DataSourceOptions['entities']>): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        EmbeddedPostgresModule,
        TypeOrmModule.forRootAsync({
          inject: [AppConfig, EMBEDDED_POSTGRES],
          useFactory: (config: AppConfig, embedded: PGlite | null): DatabaseModuleOptions => ({
            ...buildDataSourceOptions(config, embedded, entities),
            // Run by dataSourceFactory under an advisory lock, so instances booting together take
            // turns (see migration-lock.ts); TypeORM's own migrationsRun takes no lock.
            migrationsRun: false,
            // Connecting is retried by dataSourceFactory (backoff, one clear line per try); the
            // module's own fixed-delay loop would retry every error, a failed migration included.
            retryAttempts: config.DATABASE_URL ? config.DATABASE_CONNECT_ATTEMPTS : 1,
            retryDelay: config.DATABASE_CONNECT_BACKOFF_MS,
            toRetry: () => false,
            connectTarget: config.DATABASE_URL
              ? describeDatabaseUrl(config.DATABASE_URL)
              : describeEmbeddedLocation(config.DATA_DIR),
          }),
          dataSourceFactory: async (options) => {
            const { retryAttempts, retryDelay, connectTarget, ...dataSourceOptions } =
              options as DatabaseModuleOptions;
            return initializeWithRetries(dataSourceOptions, {
              attempts: retryAttempts ?? 1,
              backoffMs: retryDelay ?? 0,
              target: connectTarget,
              afterConnect: runPendingMigrations,
            });
          },
        }),
      ],
      providers: [DatabaseCloser],
    };
  }
}
