import { HttpStatus, Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { USER_ROLES } from '../users/user.entity';
import { CurrentUsers } from './current-users';
import type { AuthUser, JwtPayload } from './jwt-payload';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly currentUsers: CurrentUsers,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A ready KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it as a
      // public key on every request, which cost ~0.7 ms of CPU per authenticated call.
      secretOrKey: createSecretKey(Buffer.from(config.auth.jwtSecret)) as unknown as string,
      // Pinning the algorithm refuses `alg: none` and algorithm-confusion tokens.
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /**
   * The token proves who the caller is; what they may do is read from the database (cached for
   * AUTH_USER_CACHE_SECONDS), so a role change or a deleted account takes effect before the token expires.
   */
  async validate(payload: JwtPayload): Promise<AuthUser | false> {
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub) || !USER_ROLES.includes(payload.role)) return false;
    const user = await this.currentUsers.find(payload.sub);
    if (!user) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'This account no longer exists', HttpStatus.UNAUTHORIZED);
    }
    return user;
  }
}

/** Subjects are user ids; anything else never reaches the database (it would be a 500 there). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
