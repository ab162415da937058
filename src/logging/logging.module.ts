import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { httpLoggerOptions, logDestination } from './logger-options';

export { REDACTED_PATHS } from './logger-options';

/**
 * nestjs-pino with one request id per request: JSON lines in production, one readable line per
 * event in development (LOG_FORMAT chooses). The options live in logger-options.ts.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: [httpLoggerOptions(config), logDestination(config)] })],
    };
  }
}
