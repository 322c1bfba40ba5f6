import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Clock } from '../infrastructure/clock';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { ReceivablesService, type DealBook } from './receivables.service';

/** A deal's book (receivables, payments, allocations) per request and asOf, batched. */
@Injectable()
export class ReceivableLoaders {
  constructor(
    private readonly service: ReceivablesService,
    private readonly clock: Clock,
  ) {}

  /** Books of visible deals at `asOf` (default: one "now" per request); null when not visible. */
  bookByDealId(ctx: RequestContext, asOf?: Date | null): DataLoader<string, DealBook | null> {
    const at = asOf ?? ctx.loader('receivables.now', () => this.clock.now());
    return ctx.loader(`receivables.book:${at.toISOString()}`, () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, DealBook | null>(async (dealIds) => {
        const books = await this.service.books(viewer, { dealIds }, at);
        const byId = new Map(books.map((book) => [book.ledger.deal.id, book]));
        return dealIds.map((id) => byId.get(id) ?? null);
      });
    });
  }
}
