import { Args, Extensions, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { MAX_DELIVERABLES_PER_DEAL } from '../deals/deliverables.resolver';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { notFound } from '../common/errors/app-error';
import { Money, toMoney } from '../common/graphql/money.model';
import { pageOf, type Connection } from '../common/graphql/pagination';
import { PayloadOf, SPREAD } from '../common/graphql/payload-of.decorator';
import { DealLoaders } from '../deals/deal.loaders';
import type { DealEntity } from '../deals/deal.entity';
import { Deal } from '../deals/deal.model';
import { DeliverableLoaders } from '../deals/deliverable.loaders';
import type { DeliverableEntity } from '../deals/deliverable.entity';
import { Deliverable } from '../deals/deliverable.model';
import { mayReadPrivateNotes } from '../deals/deal-notes';
import { Clock } from '../infrastructure/clock';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { CashflowArgs, ReceivablesArgs } from './dto/receivables.args';
import {
  RecordPaymentInput,
  ReversePaymentInput,
  WriteOffReceivableInput,
} from './dto/payment.input';
import {
  RecordPaymentPayload,
  ReversePaymentPayload,
  WriteOffReceivablePayload,
} from './dto/payment.payloads';
import { ReceivableLoaders } from './receivable.loaders';
import {
  CashflowRow,
  Payment,
  PaymentAllocation,
  Receivable,
  ReceivableConnection,
} from './receivable.model';
import {
  toAllocationModels,
  toCashflowRowModel,
  toPaymentNode,
  toReceivableModel,
  type PaymentNode,
} from './receivables.mapping';
import { checkCashflowWindow } from './receivables.errors';
import { ReceivablesService } from './receivables.service';

@Resolver(() => Receivable)
export class ReceivablesResolver {
  constructor(
    private readonly service: ReceivablesService,
    private readonly clock: Clock,
    private readonly dealLoaders: DealLoaders,
    private readonly deliverableLoaders: DeliverableLoaders,
  ) {}

  @Query(() => ReceivableConnection, {
    description:
      'What is owed on the deals the caller may see (creators: theirs; brand members: what their brands owe; administrators: all), by due date. Receivables owing nothing and paid nothing are left out',
  })
  async receivables(
    @CurrentViewer() viewer: Viewer,
    @Args() args: ReceivablesArgs,
  ): Promise<Connection<Receivable>> {
    const found = await this.service.receivables(
      viewer,
      {
        statuses: args.filter?.status,
        dealId: args.filter?.dealId,
        brandId: args.filter?.brandId,
        dueBefore: args.filter?.dueBefore,
        dueAfter: args.filter?.dueAfter,
      },
      args.asOf ?? this.clock.now(),
    );
    return pageOf(found.map(toReceivableModel), args, (r) => r.id);
  }

  // A year of weeks in a few currencies; a month's rows in one or two.
  @Extensions({ expectedItems: 12 })
  @Query(() => [CashflowRow], {
    description:
      'Per currency and bucket over [from, to): falling due as contracted, falling due after the recorded outages, received, overdue. movedByOutages is what the outages changed. Creators see theirs, brand members their deals, administrators all. Refused (BAD_USER_INPUT) with WINDOW_INVALID when to is not after from, WINDOW_TOO_LONG past 366 days',
  })
  async cashflow(
    @CurrentViewer() viewer: Viewer,
    @Args() args: CashflowArgs,
  ): Promise<CashflowRow[]> {
    checkCashflowWindow(args.from, args.to);
    const rows = await this.service.cashflow(viewer, {
      from: args.from,
      to: args.to,
      bucket: args.bucket ?? 'MONTH',
      asOf: args.asOf ?? this.clock.now(),
    });
    return rows.map(toCashflowRowModel);
  }

  @PayloadOf('payment')
  @Mutation(() => RecordPaymentPayload, {
    description:
      "Record money received from the deal's brand (or a REFUND paid back), allocated to the named receivables first, then oldest due first; the rest is credit (creators, own deals; brands are FORBIDDEN). Honours an Idempotency-Key header: a retried payment never counts twice. Refused (BAD_USER_INPUT) with CURRENCY_MISMATCH, AMOUNT_NOT_POSITIVE, an AMOUNT_* reason (negative, too many decimals), RECEIVED_IN_FUTURE, RECEIVABLE_NOT_IN_DEAL, RECEIVABLE_CANCELLED or DUPLICATE_RECEIVABLE; nothing is written then",
  })
  async recordPayment(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The deal, the amount, when it arrived, what it pays' })
    input: RecordPaymentInput,
  ): Promise<PaymentNode> {
    const entry = await this.service.recordPayment(viewer, {
      dealId: input.dealId,
      kind: input.kind ?? 'PAYMENT',
      amount: input.amount,
      receivedAt: input.receivedAt,
      reference: input.reference,
      note: input.note,
      receivableIds: input.receivableIds,
    });
    return toPaymentNode(entry);
  }

  @PayloadOf(SPREAD)
  @Mutation(() => ReversePaymentPayload, {
    description:
      'Cancel a PAYMENT or REFUND with a REVERSAL entry; nothing is deleted (creators, own deals). Reversing twice is CONFLICT (ALREADY_REVERSED); a REVERSAL itself is BAD_USER_INPUT (REVERSAL_NOT_REVERSIBLE)',
  })
  async reversePayment(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The entry to cancel and why' })
    input: ReversePaymentInput,
  ): Promise<{ reversal: PaymentNode; payment: PaymentNode }> {
    const { reversal, reversed } = await this.service.reversePayment(
      viewer,
      input.paymentId,
      input.reason,
    );
    return { reversal: toPaymentNode(reversal), payment: toPaymentNode(reversed) };
  }

  @PayloadOf('receivable')
  @Mutation(() => WriteOffReceivablePayload, {
    description:
      'Give up on what is open of one receivable, with a reason (creators, own deals). Refused with RECEIVABLE_PAID (BAD_USER_INPUT) when nothing is open, ALREADY_WRITTEN_OFF (CONFLICT) the second time',
  })
  async writeOffReceivable(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The receivable and why' })
    input: WriteOffReceivableInput,
  ): Promise<Receivable> {
    return toReceivableModel(await this.service.writeOff(viewer, input.receivableId, input.reason));
  }

  @ResolveField(() => Deal, { description: 'The deal it is owed under' })
  async deal(@Parent() receivable: Receivable, @Ctx() ctx: RequestContext): Promise<DealEntity> {
    const deal = await this.dealLoaders.byId(ctx).load(receivable.dealId);
    if (!deal) throw notFound('Deal', receivable.dealId);
    return deal;
  }

  @ResolveField(() => Deliverable, { nullable: true, description: 'Null for a deposit' })
  async deliverable(
    @Parent() receivable: Receivable,
    @Ctx() ctx: RequestContext,
  ): Promise<DeliverableEntity | null> {
    if (!receivable.deliverableId) return null;
    return this.deliverableLoaders.byId(ctx).load(receivable.deliverableId);
  }
}

@Resolver(() => Payment)
export class PaymentFieldsResolver {
  constructor(
    private readonly loaders: ReceivableLoaders,
    private readonly dealLoaders: DealLoaders,
  ) {}

  @ResolveField(() => String, {
    nullable: true,
    description: "The creator's note (a REVERSAL: its reason); null for anyone but the creator",
  })
  async note(@Parent() payment: PaymentNode, @Ctx() ctx: RequestContext): Promise<string | null> {
    const book = await this.loaders.bookByDealId(ctx).load(payment.dealId);
    return book && mayReadPrivateNotes(ctx.viewer, book.ledger.deal.creatorId)
      ? payment.note
      : null;
  }

  @Extensions({ maxItems: MAX_DELIVERABLES_PER_DEAL + 1, expectedItems: 2 })
  @ResolveField(() => [PaymentAllocation], {
    description:
      'Where the money went now; what no receivable took is the deal credit (Deal.paymentCredit)',
  })
  async allocations(
    @Parent() payment: PaymentNode,
    @Ctx() ctx: RequestContext,
  ): Promise<PaymentAllocation[]> {
    const book = await this.loaders.bookByDealId(ctx).load(payment.dealId);
    if (!book) return [];
    return toAllocationModels(book.result.allocations, payment.id, book.ledger.deal.currency);
  }

  @ResolveField(() => Deal, { description: 'The deal of the ledger' })
  async deal(@Parent() payment: PaymentNode, @Ctx() ctx: RequestContext): Promise<DealEntity> {
    const deal = await this.dealLoaders.byId(ctx).load(payment.dealId);
    if (!deal) throw notFound('Deal', payment.dealId);
    return deal;
  }
}

@Resolver(() => Deal)
export class DealReceivablesResolver {
  constructor(private readonly loaders: ReceivableLoaders) {}

  @Extensions({ maxItems: MAX_DELIVERABLES_PER_DEAL + 1, expectedItems: 4 })
  @ResolveField(() => [Receivable], {
    description:
      'What the brand owes on this deal (deposit first, then by due date); receivables owing nothing and paid nothing are left out',
  })
  async receivables(
    @Parent() deal: DealEntity,
    @Ctx() ctx: RequestContext,
    @Args('asOf', {
      type: () => Date,
      nullable: true,
      description: 'Judge statuses and outages at this instant (default now)',
    })
    asOf?: Date | null,
  ): Promise<Receivable[]> {
    const book = await this.loaders.bookByDealId(ctx, asOf).load(deal.id);
    return (book?.result.receivables ?? []).map(toReceivableModel);
  }

  @Extensions({ expectedItems: 5 })
  @ResolveField(() => [Payment], {
    description: "The deal's payment ledger, oldest received first (reversed entries included)",
  })
  async payments(@Parent() deal: DealEntity, @Ctx() ctx: RequestContext): Promise<PaymentNode[]> {
    const book = await this.loaders.bookByDealId(ctx).load(deal.id);
    return (book?.ledger.entries ?? []).map(toPaymentNode);
  }

  @ResolveField(() => Money, {
    description:
      'Paid beyond what is owed, less refunds: the brand credit on the deal (negative: refunded more than received)',
  })
  async paymentCredit(@Parent() deal: DealEntity, @Ctx() ctx: RequestContext): Promise<Money> {
    const book = await this.loaders.bookByDealId(ctx).load(deal.id);
    return toMoney(book?.result.unallocated ?? 0n, deal.currency);
  }
}
