import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { DUMMY_HASH_PROMISE, verifyPassword } from '../users/passwords';
import { UsersService } from '../users/users.service';
import { TokenDto, UserDto } from './dto/auth-responses.dto';
import type { LoginDto, RegisterDto } from './dto/credentials.dto';
import type { AuthUser, JwtPayload } from './jwt-payload';

@Injectable()
export class AuthService {
  private readonly expiresInSeconds: number;

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    config: AppConfig,
  ) {
    this.expiresInSeconds = durationToSeconds(config.auth.jwtExpiresIn);
  }

  async register(dto: RegisterDto): Promise<UserDto> {
    return UserDto.from(await this.users.create(dto.email, dto.password));
  }

  async login(dto: LoginDto): Promise<TokenDto> {
    const user = await this.users.findForLogin(dto.email);
    // Hash even for an unknown email, so response time does not reveal which emails exist.
    const valid = await verifyPassword(dto.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !valid) {
      throw new DomainError(ErrorCode.INVALID_CREDENTIALS, 'Email or password is incorrect', HttpStatus.UNAUTHORIZED);
    }
    const payload: JwtPayload = { sub: user.id, email: user.email, role: user.role };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: this.expiresInSeconds });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.expiresInSeconds };
  }

  async me(caller: AuthUser): Promise<UserDto> {
    const user = await this.users.findById(caller.id);
    if (!user)
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'This account no longer exists', HttpStatus.UNAUTHORIZED);
    return UserDto.from(user);
  }
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "900", "15m", "12h", "7d" -> seconds (JWT_EXPIRES_IN is validated to this form at boot). */
export function durationToSeconds(duration: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(duration);
  if (!match) throw new Error(`Invalid duration: ${duration}`);
  return Number(match[1]) * UNIT_SECONDS[match[2] || 's'];
}
