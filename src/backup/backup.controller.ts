import { Controller, HttpCode, Inject, Logger, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { PGlite } from '@electric-sql/pglite';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { requireAdmin } from '../auth/require-role';
import { AppError, ErrorCode, unauthenticated } from '../common/errors/app-error';
import { AppErrorHttpFilter } from '../common/errors/app-error-http.filter';
import { EMBEDDED_POSTGRES } from '../database/database.module';
import { takeEmbeddedBackup } from '../database/embedded-backup';
import type { AuthenticatedRequest } from '../infrastructure/graphql/request-context';
import { Clock } from '../infrastructure/clock';

/**
 * `POST /admin/backup`: a consistent backup of the embedded database while the service runs,
 * for administrators (what `npm run backup` asks for when the service holds the data folder).
 * The service's single pooled connection is held for the whole backup: every request waits
 * until it is taken (about a second for a laptop-sized database), and none can be half done in it.
 */
@Controller('admin')
@UseFilters(AppErrorHttpFilter)
export class BackupController {
  private readonly logger = new Logger('Backup');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EMBEDDED_POSTGRES) private readonly embedded: PGlite | null,
    private readonly clock: Clock,
  ) {}

  @Post('backup')
  @HttpCode(200)
  async backup(@Req() request: AuthenticatedRequest, @Res() response: Response): Promise<void> {
    if (!request.viewer) throw unauthenticated();
    requireAdmin(request.viewer);
    if (!this.embedded) {
      throw new AppError(
        ErrorCode.CONFLICT,
        'This service uses a PostgreSQL server (DATABASE_URL): back it up with pg_dump ' +
          '(docs/security-and-operations.md#backups-and-moving-to-a-server)',
      );
    }
    const started = Date.now();
    // The pool has exactly one connection: holding it means no transaction is open or can start.
    const runner = this.dataSource.createQueryRunner();
    let result;
    try {
      await runner.connect();
      result = await takeEmbeddedBackup(
        this.embedded,
        (text, parameters) => runner.query(text, parameters),
        this.clock.now(),
      );
    } finally {
      await runner.release();
    }
    const { archive, manifest } = result;
    const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
    this.logger.log(
      `Backup of ${manifest.tables.length} tables (${rows} rows, ${archive.length} bytes) ` +
        `taken in ${Date.now() - started} ms`,
    );
    const stamp = manifest.createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    response
      .status(200)
      .set({
        'content-type': 'application/gzip',
        'content-disposition': `attachment; filename="deal-ledger-${stamp}.tar.gz"`,
        'cache-control': 'no-store',
      })
      .send(archive);
  }
}
