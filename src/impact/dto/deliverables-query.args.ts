import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../common/graphql/pagination';
import { RISK_RANKING_LIMIT } from '../../deals/deliverable.enums';
import { DeliverableFilter, DeliverableOrder } from '../../deals/dto/deliverables.args';
import { OUTCOME_SEVERITY, type RiskOutcome } from '../engine';
import { RiskLevelEnum } from '../impact.model';

/**
 * The deliverables filter as clients see it: the database's filters (deals) and the risk ones,
 * which need the engine and so are declared here.
 */
@InputType('DeliverableFilter', {
  description: `Every filter given must hold. riskLevels and overdue are judged now and rank every other match in memory (at most ${RISK_RANKING_LIMIT}, else TOO_MANY_TO_RANK)`,
})
export class DeliverableRiskFilter extends DeliverableFilter {
  @Field(() => [RiskLevelEnum], {
    nullable: true,
    description: `Deliverables whose risk level now (the risk field) is one of these (1–${OUTCOME_SEVERITY.length} values). More levels may be added`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(OUTCOME_SEVERITY.length)
  @IsIn(OUTCOME_SEVERITY, { each: true })
  riskLevels?: RiskOutcome[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: still PLANNED on an ACTIVE deal after the deadline in force (dueAt, extended under force majeure), now; false: every other deliverable. A LOST deliverable can be overdue too: this is not riskLevels: [OVERDUE]',
  })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;
}

@ArgsType()
export class DeliverablesQueryArgs extends PageArgs {
  @Field(() => DeliverableRiskFilter, {
    nullable: true,
    description: 'Which deliverables to list (default: all the caller may see)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeliverableRiskFilter)
  filter?: DeliverableRiskFilter;

  @Field(() => DeliverableOrder, {
    nullable: true,
    description:
      'Default: scheduledAt then id, ascending. A cursor belongs to the order it came from (another order refuses it: INVALID_CURSOR); page with the same filter too',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeliverableOrder)
  orderBy?: DeliverableOrder | null;
}
