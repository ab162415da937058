import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { CheckoutStatusService } from '../payments/checkout/checkout-status.service';
import {
  CHECKOUT_ID_PATTERN,
  CheckoutStatusDto,
  CheckoutStatusQueryDto,
  sessionIdParam,
} from '../payments/dto/checkout-status.dto';
import { ThrottleStatusReads } from './return-page-throttle';

@ApiTags('payments')
@Controller('checkout-sessions')
export class CheckoutStatusController {
  constructor(private readonly status: CheckoutStatusService) {}

  @Get(':sessionId/status')
  @ThrottleStatusReads()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'getCheckoutStatus',
    summary: 'What the success page shows: the order’s payment status, without a login',
    description:
      'For the page Checkout returns the customer to (`success_url` carries `session_id` and `orderId`). The ' +
      'Checkout Session id is the credential: no token needed, and the answer holds nothing about the customer. ' +
      'Poll it while `final` is false (every few seconds, backing off). Unknown ids, or a session of another ' +
      'order, answer 404.',
  })
  @ApiParam({
    name: 'sessionId',
    example: 'cs_test_a1b2c3',
    schema: { type: 'string', pattern: CHECKOUT_ID_PATTERN },
    description: 'The provider’s checkout id from the return URL (Stripe’s `session_id`), or the `paymentId`',
  })
  @ApiOkResponse({ type: CheckoutStatusDto, description: 'The checkout’s state, in words for the customer' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (malformed session id or orderId)', type: ErrorResponseDto })
  @ApiNotFoundResponse({
    description: 'CHECKOUT_SESSION_NOT_FOUND (unknown, or not this order’s)',
    type: ErrorResponseDto,
  })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED', type: ErrorResponseDto })
  get(
    @Param('sessionId', sessionIdParam()) sessionId: string,
    @Query() query: CheckoutStatusQueryDto,
  ): Promise<CheckoutStatusDto> {
    return this.status.forSession(sessionId, query.orderId);
  }
}
