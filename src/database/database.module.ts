import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { PGlite } from '@electric-sql/pglite';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';
import { describeEmbeddedLocation, openEmbeddedPostgres } from './embedded-postgres';

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
          logger.log(`Using PostgreSQL at ${new URL(config.DATABASE_URL).host}`);
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

/** The pool must drain before the embedded engine closes, whichever shutdown hook runs first. */
@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EMBEDDED_POSTGRES) private readonly embedded: PGlite | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (this.embedded && !this.embedded.closed) await this.embedded.close();
  }
}

@Global()
@Module({
  imports: [
    EmbeddedPostgresModule,
    TypeOrmModule.forRootAsync({
      inject: [AppConfig, EMBEDDED_POSTGRES],
      useFactory: (config: AppConfig, embedded: PGlite | null) => ({
        ...buildDataSourceOptions(config, embedded),
        migrationsRun: true,
      }),
    }),
  ],
  providers: [DatabaseCloser],
})
export class DatabaseModule {}
