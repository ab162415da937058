import { Controller, Get, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { ErrorResponseDto } from '../common/errors/error-response.dto';

const DATABASE_PING_TIMEOUT_MS = 2_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (no dependency checked)' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Ready to serve: the database answers' })
  @ApiOkResponse({ schema: { example: { status: 'ok', checks: { database: 'up' } } } })
  @ApiServiceUnavailableResponse({ description: 'SERVICE_UNAVAILABLE: the database does not answer', type: ErrorResponseDto })
  async ready(): Promise<{ status: 'ok'; checks: { database: 'up' } }> {
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), DATABASE_PING_TIMEOUT_MS).unref()),
      ]);
    } catch {
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The database does not answer', HttpStatus.SERVICE_UNAVAILABLE);
    }
    return { status: 'ok', checks: { database: 'up' } };
  }
}
