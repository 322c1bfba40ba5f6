import { Injectable } from '@nestjs/common';
import { addHours } from 'date-fns';
import type { Viewer } from '../auth/viewer';
import { AppConfig } from '../config/app-config';
import { Clock } from '../infrastructure/clock';
import { AppSecretsService } from '../infrastructure/signed-links/app-secrets.service';
import {
  signReportLink,
  verifyReportLink,
  type LinkCheck,
} from '../infrastructure/signed-links/report-links';
import { reportPath, type ReportFormat, type ReportTarget } from './report-request';

export const REPORT_LINK_KEY = 'report-links';

/** Signed links that open one report as the caller for REPORT_LINK_HOURS, without a token. */
@Injectable()
export class ReportLinkService {
  constructor(
    private readonly secrets: AppSecretsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async mint(
    viewer: Viewer,
    target: ReportTarget,
    format: ReportFormat,
  ): Promise<{ url: string; expiresAt: Date }> {
    // Links carry whole seconds; report the expiry the link actually has.
    const expiresAt = new Date(
      Math.floor(addHours(this.clock.now(), this.config.REPORT_LINK_HOURS).getTime() / 1000) * 1000,
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

  /** Whether `query` is a link this service signed for `path` that has not expired by now. */
  async verify(path: string, query: Record<string, string>): Promise<LinkCheck> {
    return verifyReportLink(await this.secrets.key(REPORT_LINK_KEY), path, query, this.clock.now());
  }
}
