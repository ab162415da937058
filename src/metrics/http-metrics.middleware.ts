import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Probes, scrapes and the docs are not traffic: measuring them would only bury the API's numbers. */
const UNMEASURED = /^\/(health|metrics|docs)(\/|-json|$)/;

/** The label of requests no route took (404s): never the raw path, which would grow without end. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Times each request until its answer is sent, labelled by the route template Express matched. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    if (UNMEASURED.test(pathOf(request))) return next();
    const end = this.metrics.startHttpRequest();
    response.once('finish', () => end(request.method, routeTemplate(request), response.statusCode));
    next();
  }
}

function pathOf(request: Request): string {
  const url = request.originalUrl;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * `/orders/:id`, as declared on the controller: Express keeps the last route that matched. Nest
 * mounts module middleware (this one, the logger's) as catch-all `{/*splat}` routes, so a
 * wildcard means no controller took the request.
 */
function routeTemplate(request: Request): string {
  // Express types `route` as any.
  const path = (request as { route?: { path?: unknown } }).route?.path;
  return typeof path === 'string' && !path.includes('*') ? path : UNMATCHED_ROUTE;
}
