import { Controller, Get, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { DatabasePing } from './database-ping';
import { LivenessDto, ReadinessDto } from './health.dto';

/**
 * Below the usual 1 s probe timeout of Kubernetes and load balancers, so a slow database reads as
 * "not ready" in our answer rather than as a probe that timed out.
 */
const DATABASE_PING_TIMEOUT_MS = 800;

export interface ReadyAnswer {
  status: 'ok';
  checks: { database: 'up' };
}

/**
 * Liveness and readiness through @nestjs/terminus. A failed check answers 503 in the one error
 * shape, naming the checks that failed but not why: the probe is public, and the reason (host,
 * driver message) goes to the log instead.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabasePing,
  ) {}

  @Get('live')
  @ApiOperation({
    operationId: 'checkLiveness',
    summary: 'The process is up (no dependency checked): restart it when this fails',
  })
  @ApiOkResponse({ type: LivenessDto, description: 'The process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'checkReadiness',
    summary: `Ready to serve: the database answers within ${DATABASE_PING_TIMEOUT_MS} ms (send no traffic while this fails)`,
  })
  @ApiOkResponse({ type: ReadinessDto, description: 'Every dependency answers: send traffic' })
  @ApiServiceUnavailableResponse({
    description: 'SERVICE_UNAVAILABLE: a dependency does not answer; `message` names it',
    type: ErrorResponseDto,
    example: {
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'Not ready: database down',
      code: 'SERVICE_UNAVAILABLE',
    },
  })
  async ready(): Promise<ReadyAnswer> {
    try {
      await this.health.check([() => this.database.check('database', DATABASE_PING_TIMEOUT_MS)]);
    } catch (error) {
      const down = Object.keys(failedChecks(error));
      const message = `Not ready: ${(down.length ? down : ['a check']).join(', ')} down`;
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, message, HttpStatus.SERVICE_UNAVAILABLE);
    }
    return { status: 'ok', checks: { database: 'up' } };
  }
}

/** Terminus throws a ServiceUnavailableException whose response is its result: `error` holds the failed checks. */
function failedChecks(error: unknown): Record<string, unknown> {
  if (!(error instanceof ServiceUnavailableException)) return {};
  return (error.getResponse() as Partial<HealthCheckResult>).error ?? {};
}
