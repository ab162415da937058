import { Module } from '@nestjs/common';
import { PostgresThrottlerStorage } from './postgres-throttler-storage';

/** The PostgreSQL-backed storage the ThrottlerModule is given (app.module.ts). */
@Module({ providers: [PostgresThrottlerStorage], exports: [PostgresThrottlerStorage] })
export class RateLimitsModule {}
