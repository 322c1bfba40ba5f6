import {
  Controller,
  createParamDecorator,
  Get,
  Header,
  Query,
  StreamableFile,
  UseFilters,
  type ExecutionContext,
} from '@nestjs/common';
import { AuthService } from '../../auth/auth.service';
import { Public } from '../../auth/public.decorator';
import type { Viewer } from '../../auth/viewer';
import { unauthenticated } from '../../common/errors/app-error';
import { AppErrorHttpFilter } from '../../common/errors/app-error-http.filter';
import { DealsExportLinkService } from './deals-export-link.service';
import { DealsExportService } from './deals-export.service';

/** The viewer the global guard resolved from a bearer token, if any (Express or Fastify). */
const BearerViewer = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Viewer | undefined =>
    context.switchToHttp().getRequest<{ viewer?: Viewer }>().viewer,
);

/** `GET /exports/deals.csv`: the caller's deals in the import layout, for a token or a signed link. */
@Controller('exports')
@UseFilters(AppErrorHttpFilter)
export class ExportsController {
  constructor(
    private readonly exports: DealsExportService,
    private readonly links: DealsExportLinkService,
    private readonly auth: AuthService,
  ) {}

  // Public: the guard still resolves a bearer token; a signed link is checked here instead.
  @Public()
  @Get('deals.csv')
  @Header('Cache-Control', 'private, no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Content-Type-Options', 'nosniff')
  async deals(
    @BearerViewer() bearer: Viewer | undefined,
    @Query() query: Record<string, unknown>,
  ): Promise<StreamableFile> {
    const viewer = bearer ?? (await this.linkViewer(query));
    // Type and disposition travel with the body, so an error answer is not offered as a download.
    return new StreamableFile(Buffer.from(await this.exports.exportCsv(viewer), 'utf8'), {
      type: 'text/csv; charset=utf-8; header=present',
      disposition: 'attachment; filename="deal-ledger-deals.csv"',
    });
  }

  private async linkViewer(query: Record<string, unknown>): Promise<Viewer> {
    const check = await this.links.verify(query);
    if (!check.valid) {
      throw unauthenticated(
        check.reason === 'MISSING'
          ? 'Send Authorization: Bearer <token>, or open a link from the dealsExportLink query'
          : check.reason === 'EXPIRED'
            ? 'This export link has expired'
            : 'This export link is not valid',
      );
    }
    const viewer = await this.auth.viewerForUser(check.userId);
    if (!viewer) throw unauthenticated('This export link is not valid');
    return viewer;
  }
}
