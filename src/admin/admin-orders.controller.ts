import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadGatewayResponse,
  ApiServiceUnavailableResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '../auth/decorators';
import type { AuthUser } from '../auth/jwt-payload';
import { Page } from '../common/dto/pagination.dto';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { ApiPageResponse } from '../common/http/api-page-response';
import { uuidParam } from '../common/http/uuid-param';
import { AdminOrdersQueryDto, AdminOrderSummaryDto } from '../orders/dto/admin-order.dto';
import { CANCELED_ORDER_EXAMPLE, OrderDto } from '../orders/dto/order.dto';
import { OrdersService } from '../orders/orders.service';
import { RefundAcceptedDto, RequestRefundDto } from '../payments/dto/refund.dto';
import { OrderCancellationService } from '../payments/checkout/order-cancellation.service';
import { RefundSubmissionService } from '../payments/refunds/refund-submission.service';
import { AdminService } from './admin.service';
import { ADMIN_ORDER_DETAIL_EXAMPLE, AdminOrderDetailDto } from './dto/admin-order-detail.dto';
import { ApiUuidParam } from '../common/http/uuid-param';

@ApiTags('admin')
@Controller('admin/orders')
@Authenticated({ role: 'admin' })
@ApiBadRequestResponse({ description: 'VALIDATION_FAILED', type: ErrorResponseDto })
export class AdminOrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly admin: AdminService,
    private readonly cancellation: OrderCancellationService,
    private readonly refunds: RefundSubmissionService,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'findOrders',
    summary: 'Find orders',
    description:
      'Any customer’s orders, newest first. `flagged=true` lists those needing review (amount mismatch, late payment, dispute).',
  })
  @ApiPageResponse(AdminOrderSummaryDto, 'A page of orders with their customer and flags')
  list(@Query() query: AdminOrdersQueryDto): Promise<Page<AdminOrderSummaryDto>> {
    return this.orders.listForAdmin(query);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getOrderHistory',
    summary: 'One order’s whole history: items, attempts, refunds, flags, audit trail, webhook events',
  })
  @ApiUuidParam('The order’s id')
  @ApiOkResponse({
    type: AdminOrderDetailDto,
    description: 'The order and everything that happened to it',
    example: ADMIN_ORDER_DETAIL_EXAMPLE,
  })
  @ApiNotFoundResponse({ description: 'ORDER_NOT_FOUND', type: ErrorResponseDto })
  get(@Param('id', uuidParam()) id: string): Promise<AdminOrderDetailDto> {
    return this.admin.orderDetail(id);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'cancelOrderAsAdmin',
    summary: 'Cancel an order not paid in full, refunding what was paid',
    description:
      'Its open checkout is expired at the provider first. A partly paid order’s payments are refunded in ' +
      'full (refund reason `order_canceled`, requested by this admin); the refunds settle through the ' +
      'provider’s webhooks and raise the order’s `amountRefunded`.',
  })
  @ApiUuidParam('The order’s id')
  @ApiOkResponse({
    type: OrderDto,
    description: 'The order, `canceled` (refunds of what was paid are on their way)',
    example: CANCELED_ORDER_EXAMPLE,
  })
  @ApiNotFoundResponse({ description: 'ORDER_NOT_FOUND', type: ErrorResponseDto })
  @ApiConflictResponse({
    description: 'ORDER_NOT_CANCELABLE (paid in full, canceled or refunded; refund it instead), PAYMENT_IN_PROGRESS',
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
  cancel(@CurrentUser() admin: AuthUser, @Param('id', uuidParam()) id: string): Promise<OrderDto> {
    // An unknown id gets ORDER_NOT_FOUND from the cancel itself (it locks the order first).
    return this.cancellation.cancelForAdmin(admin, id);
  }

  @Post(':id/refunds')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'refundOrder',
    summary: 'Refund an order’s payments, in full or in part',
    description:
      'For a paid or partly paid order, or a canceled one still holding money (a refund of its cancel was ' +
      'refused). Without `amount`, refunds everything paid and not yet refunded. The amount is split over the order’s ' +
      'payments, newest first: one provider refund per payment, each with its own idempotency key. Answers ' +
      '202 with them `pending`: the provider settles each and its webhook updates the order (`refunded` once ' +
      'refunds reach what was paid).',
  })
  @ApiUuidParam('The order’s id')
  @ApiAcceptedResponse({
    type: RefundAcceptedDto,
    description: 'The refunds, `pending` until their provider settles them',
  })
  @ApiNotFoundResponse({ description: 'ORDER_NOT_FOUND', type: ErrorResponseDto })
  @ApiConflictResponse({
    description: 'ORDER_NOT_REFUNDABLE: nothing paid, or nothing left',
    type: ErrorResponseDto,
  })
  @ApiUnprocessableEntityResponse({
    description:
      'REFUND_EXCEEDS_REMAINING, PAYMENT_METHOD_UNSUPPORTED (the provider cannot give a part back, such as a fraction of a forint at PayPal)',
    type: ErrorResponseDto,
  })
  @ApiBadGatewayResponse({
    description: 'PAYMENT_PROVIDER_ERROR: the provider refused the refund',
    type: ErrorResponseDto,
  })
  @ApiServiceUnavailableResponse({
    description: 'PAYMENT_PROVIDER_UNAVAILABLE: the payment’s provider is not configured on this instance',
    type: ErrorResponseDto,
  })
  async refund(
    @CurrentUser() admin: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: RequestRefundDto,
  ): Promise<RefundAcceptedDto> {
    return RefundAcceptedDto.from(await this.refunds.request(id, dto, `user:${admin.id}`));
  }
}
