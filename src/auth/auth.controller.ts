import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { RateLimit } from '../rate-limits/rate-limits';
import { AuthService } from './auth.service';
import { Authenticated, CurrentUser } from './decorators';
import { TokenDto, UserDto } from './dto/auth-responses.dto';
import { LoginDto, RegisterDto } from './dto/credentials.dto';
import type { AuthUser } from './jwt-payload';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @RateLimit('auth')
  @ApiOperation({ operationId: 'register', summary: 'Create a customer account' })
  @ApiCreatedResponse({ type: UserDto, description: 'The new account (a customer); log in next' })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED: weak password, malformed email, extra fields',
    type: ErrorResponseDto,
  })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN', type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED', type: ErrorResponseDto })
  register(@Body() dto: RegisterDto): Promise<UserDto> {
    return this.auth.register(dto);
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @RateLimit('auth')
  @ApiOperation({ operationId: 'logIn', summary: 'Exchange email and password for a bearer token' })
  @ApiOkResponse({ type: TokenDto, description: 'A bearer token for the `Authorization` header' })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED: email or password missing or too long',
    type: ErrorResponseDto,
  })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS', type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED', type: ErrorResponseDto })
  login(@Body() dto: LoginDto): Promise<TokenDto> {
    return this.auth.login(dto);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ operationId: 'getCurrentUser', summary: 'The caller' })
  @ApiOkResponse({ type: UserDto, description: 'The account the token belongs to' })
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.auth.me(user);
  }
}
