import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloDriver } from '@nestjs/apollo';
import { ApprovalsModule } from './approvals/approvals.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BackupModule } from './backup/backup.module';
import { CalendarModule } from './calendar/calendar.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { entities } from './entities';
import { graphqlOptions } from './infrastructure/graphql/graphql.config';
import { GraphqlExceptionFilter } from './common/errors/graphql-exception.filter';
import { InputValidationPipe } from './common/errors/input-validation.pipe';
import { NodeModule } from './graph/node.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { BrandsModule } from './brands/brands.module';
import { CreatorsModule } from './creators/creators.module';
import { DealsModule } from './deals/deals.module';
import { EventsModule } from './events/events.module';
import { ExposureModule } from './exposure/exposure.module';
import { ImpactModule } from './impact/impact.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { LoggingModule } from './infrastructure/logging/logging.module';
import { MetricsModule } from './infrastructure/metrics/metrics.module';
import { DealsCsvModule } from './integrations/csv/deals-csv.module';
import { StatuspageModule } from './integrations/statuspage/statuspage.module';
import { OutagesModule } from './outages/outages.module';
import { PlatformsModule } from './platforms/platforms.module';
import { ReceivablesModule } from './receivables/receivables.module';
import { ReportsModule } from './reports/reports.module';
import { ReschedulesModule } from './reschedules/reschedules.module';
import { HttpRateLimitModule } from './security/http-rate-limit.module';
import { SecurityModule } from './security/security.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { UserErrorsInterceptor } from './infrastructure/graphql/user-errors.interceptor';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule.forRoot(entities),
    InfrastructureModule,
    MetricsModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [AppConfig],
      useFactory: graphqlOptions,
    }),
    HealthModule,
    BackupModule,
    SecurityModule,
    HttpRateLimitModule,
    AuthModule.forRoot([CreatorsModule, BrandsModule]),
    PlatformsModule,
    CreatorsModule,
    BrandsModule,
    DealsModule,
    ApprovalsModule,
    OutagesModule,
    ImpactModule,
    ExposureModule,
    ReceivablesModule,
    ReschedulesModule,
    ReportsModule,
    DealsCsvModule,
    StatuspageModule,
    IdempotencyModule,
    AuditModule,
    WebhooksModule,
    EventsModule,
    CalendarModule,
    NodeModule,
  ],
  providers: [
    {
      provide: APP_PIPE,
      useValue: new InputValidationPipe(),
    },
    { provide: APP_FILTER, useClass: GraphqlExceptionFilter },
    { provide: APP_INTERCEPTOR, useClass: UserErrorsInterceptor },
  ],
})
export class AppModule {}
