import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import type { UserRole } from '../users/user.entity';
import { JwtAuthGuard, REQUIRED_ROLE, RolesGuard } from './guards';
import type { AuthUser } from './jwt-payload';

/**
 * The one decorator for an auth rule: the guards, the role and the Swagger security, together.
 * `@Authenticated()` for any signed-in user, `@Authenticated({ role: 'admin' })` for admins.
 */
export function Authenticated(options: { role?: UserRole } = {}): ClassDecorator & MethodDecorator {
  const decorators = [
    UseGuards(JwtAuthGuard, RolesGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description: 'UNAUTHENTICATED: missing, expired or invalid bearer token',
      type: ErrorResponseDto,
    }),
  ];
  if (options.role) {
    decorators.push(
      SetMetadata(REQUIRED_ROLE, options.role),
      ApiForbiddenResponse({ description: `FORBIDDEN: the caller is not ${options.role}`, type: ErrorResponseDto }),
    );
  }
  return applyDecorators(...decorators);
}

/** The authenticated caller: the token's subject, with the role and email the database has for it. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser => context.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
