import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { Registry } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { METRICS_REGISTRY, MetricsService } from './metrics.service';

/**
 * Low level, like config: any module may import it to count what it does through MetricsService,
 * and it imports no feature module. Counting works whether or not /metrics is served.
 */
@Module({
  providers: [{ provide: METRICS_REGISTRY, useFactory: () => new Registry() }, MetricsService],
  exports: [METRICS_REGISTRY, MetricsService],
})
export class MetricsModule implements NestModule {
  constructor(private readonly config: AppConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    if (!this.config.metrics.enabled) return;
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}

/**
 * GET /metrics (unless METRICS_ENABLED=false), through @willsoto/nestjs-prometheus: it collects
 * prom-client's default process metrics into the app's registry and mounts our controller.
 */
export function metricsEndpoint(config: AppConfig): DynamicModule[] {
  if (!config.metrics.enabled) return [];
  return [
    PrometheusModule.registerAsync({
      imports: [MetricsModule],
      inject: [METRICS_REGISTRY],
      useFactory: (registry: Registry) => ({ defaultMetrics: { enabled: true, config: { register: registry } } }),
      controller: MetricsController,
    }),
  ];
}
