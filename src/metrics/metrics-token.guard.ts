import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { DomainError, ErrorCode } from '../common/errors/domain-error';

/** With METRICS_TOKEN set, a scrape must bring it as a bearer token (Prometheus `authorization` in scrape_config). */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(config: AppConfig) {
    this.expected = config.metrics.bearerToken === undefined ? undefined : digest(config.metrics.bearerToken);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const token = /^Bearer (\S+)$/i.exec(header)?.[1];
    // Digests have one length, so the comparison takes the same time whatever was sent.
    if (token !== undefined && timingSafeEqual(digest(token), this.expected)) return true;
    throw new DomainError(
      ErrorCode.UNAUTHENTICATED,
      'Metrics need the bearer token set in METRICS_TOKEN',
      HttpStatus.UNAUTHORIZED,
    );
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
