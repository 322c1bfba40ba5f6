import { Injectable } from '@nestjs/common';
import { addHours } from 'date-fns';
import type { Viewer } from '../auth/viewer';
import { AppConfig } from '../config/app-config';
import { AppSecretsService } from '../infrastructure/signed-links/app-secrets.service';
import { signReportLink } from '../infrastructure/signed-links/report-links';
import { reportPath, type ReportFormat, type ReportTarget } from './report-request';

export const REPORT_LINK_KEY = 'report-links';

/** Mints links that open one report as the caller, for REPORT_LINK_HOURS, without a token. */
@Injectable()
export class ReportLinkService {
  constructor(
    private readonly secrets: AppSecretsService,
    private readonly config: AppConfig,
  ) {}

  async mint(
    viewer: Viewer,
    target: ReportTarget,
    format: ReportFormat,
    now = new Date(),
  ): Promise<{ url: string; expiresAt: Date }> {
    // Links carry whole seconds; report the expiry the link actually has.
    const expiresAt = new Date(
      Math.floor(addHours(now, this.config.REPORT_LINK_HOURS).getTime() / 1000) * 1000,
    );
    const { path, params } = reportPath(target, format);
    const signed = signReportLink(await this.secrets.key(REPORT_LINK_KEY), {
      path,
      params,
      userId: viewer.userId,
      expiresAt,
    });
    return { url: `${this.config.publicUrl}${signed}`, expiresAt };
  }
}
