import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, CurrentUser } from '../auth/decorators';
import { RateLimit } from '../rate-limits/rate-limits';
import type { AuthUser } from '../auth/jwt-payload';
import { Page, PaginationQueryDto } from '../common/dto/pagination.dto';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { ApiPageResponse } from '../common/http/api-page-response';
import { uuidParam } from '../common/http/uuid-param';
import { CANCELED_ORDER_EXAMPLE, OrderDto } from '../orders/dto/order.dto';
import { CheckoutService } from './checkout/checkout.service';
import { CheckoutDto, PaymentDto, PayOrderDto } from './dto/pay-order.dto';
import { OrderCancellationService } from './checkout/order-cancellation.service';
import { PaymentsService } from './payments.service';
import { ApiUuidParam } from '../common/http/uuid-param';

@Controller('orders')
@Authenticated()
@ApiBadRequestResponse({
  description: 'VALIDATION_FAILED, MALFORMED_JSON: a malformed id, query or body',
  type: ErrorResponseDto,
})
@ApiNotFoundResponse({ description: 'ORDER_NOT_FOUND (also for another user’s order)', type: ErrorResponseDto })
export class PaymentsController {
  constructor(
    private readonly checkout: CheckoutService,
    private readonly cancellation: OrderCancellationService,
    private readonly payments: PaymentsService,
  ) {}

  @Post(':id/pay')
  @ApiTags('payments')
  @RateLimit('pay')
  @ApiOperation({
    operationId: 'payOrder',
    summary: 'Open (or reuse) a checkout (Stripe or PayPal) for the order’s balance, or a part of it',
    description:
      'Without `amount`, the session is for the balance (`amountDue`); with `amount`, for that part (a deposit, ' +
      'then the balance later). Amounts and currency come from the order in the database, and are checked ' +
      'before the provider is called. Answers 201 with a new session, or 200 with the order’s open one for ' +
      'the same amount (concurrent calls share one session; another amount replaces it). Redirect the ' +
      'customer to `checkoutUrl`; the order becomes `partially_paid` or `paid` only when the provider’s ' +
      'signed webhook arrives.',
  })
  @ApiUuidParam('The order’s id')
  @ApiCreatedResponse({ type: CheckoutDto, description: 'A new checkout: send the customer to `checkoutUrl`' })
  @ApiOkResponse({ type: CheckoutDto, description: 'The order’s open checkout for the same amount, reused' })
  @ApiConflictResponse({
    description: 'ORDER_NOT_PAYABLE (paid in full, canceled or refunded), PAYMENT_IN_PROGRESS',
    type: ErrorResponseDto,
  })
  @ApiUnprocessableEntityResponse({
    description:
      'PAYMENT_AMOUNT_OUT_OF_RANGE (below the minimum, above the balance, or leaving less than the minimum; ' +
      'the message names the limits), PARTIAL_PAYMENTS_DISABLED, ORDER_TOTAL_OUT_OF_RANGE, ORDER_NOT_PAYABLE (no items), ' +
      'PAYMENT_METHOD_UNSUPPORTED (the provider does not take the currency or an amount)',
    type: ErrorResponseDto,
  })
  @ApiBadGatewayResponse({ description: 'PAYMENT_PROVIDER_ERROR', type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ description: 'PAYMENT_PROVIDER_UNAVAILABLE: try again', type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED', type: ErrorResponseDto })
  async pay(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: PayOrderDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CheckoutDto> {
    const result = await this.checkout.pay(user, id, dto);
    response.status(result.created ? HttpStatus.CREATED : HttpStatus.OK);
    return result.checkout;
  }

  @Get(':id/payments')
  @ApiTags('payments')
  @ApiOperation({ operationId: 'listOrderPayments', summary: 'The order’s payment attempts, oldest first' })
  @ApiUuidParam('The order’s id')
  @ApiPageResponse(PaymentDto, 'A page of the order’s payment attempts')
  listPayments(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Query() query: PaginationQueryDto,
  ): Promise<Page<PaymentDto>> {
    return this.payments.listForUser(user, id, query);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiTags('orders')
  @ApiOperation({
    operationId: 'cancelOrder',
    summary: 'Cancel an order nothing was paid for yet (its open checkout is expired at the provider first)',
  })
  @ApiUuidParam('The order’s id')
  @ApiOkResponse({ type: OrderDto, description: 'The order, `canceled`', example: CANCELED_ORDER_EXAMPLE })
  @ApiConflictResponse({
    description:
      'ORDER_HAS_PAYMENTS (a part is paid: the shop can cancel it and refund), ORDER_NOT_CANCELABLE (paid, ' +
      'or its payment completed meanwhile), PAYMENT_IN_PROGRESS',
    type: ErrorResponseDto,
  })
  @ApiBadGatewayResponse({
    description: 'PAYMENT_PROVIDER_ERROR: the provider refused to close the open checkout',
    type: ErrorResponseDto,
  })
  @ApiServiceUnavailableResponse({
    description: 'PAYMENT_PROVIDER_UNAVAILABLE: the open checkout could not be closed at its provider; try again',
    type: ErrorResponseDto,
  })
  cancel(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<OrderDto> {
    return this.cancellation.cancelForUser(user, id);
  }
}
