import { Injectable } from '@nestjs/common';
import { addHours } from 'date-fns';
import type { Viewer } from '../../auth/viewer';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../infrastructure/clock';
import { AppSecretsService } from '../../infrastructure/signed-links/app-secrets.service';
import { REPORT_LINK_KEY } from '../../reports/report-link.service';
import {
  signReportLink,
  verifyReportLink,
  type LinkCheck,
} from '../../infrastructure/signed-links/report-links';

export const DEALS_EXPORT_PATH = '/exports/deals.csv';

/**
 * Signed links to the deals export: the report links' mechanism and key. The signature covers
 * the path, so a report link cannot open the export nor the other way round.
 */
@Injectable()
export class DealsExportLinkService {
  constructor(
    private readonly secrets: AppSecretsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async mint(viewer: Viewer): Promise<{ url: string; expiresAt: Date }> {
    // Links carry whole seconds; report the expiry the link actually has.
    const expiresAt = new Date(
      Math.floor(addHours(this.clock.now(), this.config.REPORT_LINK_HOURS).getTime() / 1000) * 1000,
    );
    const signed = signReportLink(await this.secrets.key(REPORT_LINK_KEY), {
      path: DEALS_EXPORT_PATH,
      params: {},
      userId: viewer.userId,
      expiresAt,
    });
    return { url: `${this.config.publicUrl}${signed}`, expiresAt };
  }

  async verify(query: Record<string, unknown>): Promise<LinkCheck> {
    // A repeated parameter arrives as an array: it cannot be part of a link we signed.
    const strings = Object.entries(query).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    );
    if (strings.length !== Object.keys(query).length) return { valid: false, reason: 'TAMPERED' };
    return verifyReportLink(
      await this.secrets.key(REPORT_LINK_KEY),
      DEALS_EXPORT_PATH,
      Object.fromEntries(strings),
      this.clock.now(),
    );
  }
}
