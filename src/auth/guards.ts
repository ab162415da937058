import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import type { UserRole } from '../users/user.entity';
import { CurrentUsers } from './current-users';
import type { AuthUser } from './jwt-payload';

export const REQUIRED_ROLE = 'orderpay:required-role';

/**
 * Bearer token required; every failure is a 401 saying what was wrong with the token. The token
 * says who the caller is; their role, and whether the account still exists, come from the database
 * (CurrentUsers). Done here rather than in the passport strategy: passport keeps one strategy per
 * name for the whole process, while a guard belongs to its app.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly currentUsers: CurrentUsers) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<{ user: AuthUser }>();
    const user = await this.currentUsers.find(request.user.id);
    if (!user) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'This account no longer exists', HttpStatus.UNAUTHORIZED);
    }
    request.user = user;
    return true;
  }

  override handleRequest<TUser = AuthUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    // Whatever the strategy failed with (an Error from passport-jwt or validate()), passed on as it is.
    if (error) throw error as Error;
    if (!user) throw new DomainError(ErrorCode.UNAUTHENTICATED, describeTokenProblem(info), HttpStatus.UNAUTHORIZED);
    return user;
  }
}

function describeTokenProblem(info: unknown): string {
  const name = info instanceof Error ? info.name : undefined;
  const message = info instanceof Error ? info.message : '';
  if (name === 'TokenExpiredError') return 'The bearer token has expired: log in again';
  if (message === 'No auth token') return 'A bearer token is required (Authorization: Bearer <token>)';
  return 'The bearer token is invalid';
}

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const role = this.reflector.getAllAndOverride<UserRole | undefined>(REQUIRED_ROLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!role) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user?.role !== role) {
      throw new DomainError(ErrorCode.FORBIDDEN, `This route needs the ${role} role`, HttpStatus.FORBIDDEN);
    }
    return true;
  }
}
