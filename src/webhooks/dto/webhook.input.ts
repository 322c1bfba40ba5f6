import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { PageArgs } from '../../common/graphql/pagination';
import { WEBHOOK_EVENT_NAMES, WebhookEventTypeEnum, type WebhookEventName } from '../webhook.model';

@InputType({ description: 'An endpoint to register' })
export class CreateWebhookInput {
  @Field({ description: 'http(s) URL that receives a POST per event' })
  @IsString()
  @Length(1, 2000)
  url: string;

  @Field(() => [WebhookEventTypeEnum], { description: 'The events to receive (1–10)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsIn(WEBHOOK_EVENT_NAMES, { each: true })
  events: WebhookEventName[];

  @Field(() => ID, {
    nullable: true,
    description: "Brand members: register the endpoint for this brand (its deals' events only)",
  })
  @IsOptional()
  @IsString()
  brandId?: string | null;
}

@ArgsType()
export class WebhookDeliveriesArgs extends PageArgs {
  @Field(() => ID, { description: 'The endpoint whose log to read (one you manage)' })
  @IsString()
  webhookId: string;
}

@InputType({ description: 'An endpoint to delete' })
export class DeleteWebhookInput {
  @Field(() => ID, { description: 'The endpoint to delete (one you manage)' })
  @IsString()
  @MaxLength(64)
  id: string;
}

@InputType({ description: 'An endpoint to send a test delivery to' })
export class SendTestWebhookInput {
  @Field(() => ID, { description: 'The endpoint to test (one you manage)' })
  @IsString()
  @MaxLength(64)
  id: string;
}
