import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabasePing } from './database-ping';
import { HealthController } from './health.controller';

/** Terminus' failure log goes through Nest's Logger, so through the app's pino logger. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [DatabasePing],
})
export class HealthModule {}
