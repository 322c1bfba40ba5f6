import { Module } from '@nestjs/common';
import { BackupController } from './backup.controller';

/** Online backups of the embedded database (`POST /admin/backup`). */
@Module({ controllers: [BackupController] })
export class BackupModule {}
