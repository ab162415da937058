import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CatalogModule } from './catalog/catalog.module';
import { CheckoutReturnModule } from './checkout-return/checkout-return.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { metricsEndpoint, MetricsModule } from './metrics/metrics.module';
import { OrdersModule } from './orders/orders.module';
import { PaymentsModule } from './payments/payments.module';
import { PostgresThrottlerStorage } from './rate-limits/postgres-throttler-storage';
import { rateLimitOptions } from './rate-limits/rate-limits';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  /** `databaseUrl` is resolved before boot: the configured server or the embedded one. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl, [], config.database.pool), autoLoadEntities: true }),
        // Brakes shared by every instance through PostgreSQL: per IP on auth and status reads,
        // per user on opening checkouts (src/rate-limits/).
        ThrottlerModule.forRootAsync({
          imports: [RateLimitsModule],
          inject: [AppConfig, PostgresThrottlerStorage],
          useFactory: (appConfig: AppConfig, storage: PostgresThrottlerStorage) => rateLimitOptions(appConfig, storage),
        }),
        MetricsModule,
        ...metricsEndpoint(config),
        HealthModule,
        UsersModule,
        AuthModule,
        CatalogModule,
        OrdersModule,
        PaymentsModule,
        WebhooksModule,
        AdminModule,
        DemoModule,
        // Where Checkout returns customers while FRONTEND_URL is left at this app (harmless otherwise).
        CheckoutReturnModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
