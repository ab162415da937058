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
        // Per-IP brakes: `auth` on register/login (brute force), `pay` on opening checkouts.
        ThrottlerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (appConfig: AppConfig) => ({
            throttlers: [
              { name: 'auth', ttl: 60_000, limit: appConfig.auth.rateLimitPerMinute },
              { name: 'pay', ttl: 60_000, limit: appConfig.payments.payRateLimitPerMinute },
            ],
          }),
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
