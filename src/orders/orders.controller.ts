import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '../auth/decorators';
import type { AuthUser } from '../auth/jwt-payload';
import { ApiPageResponse } from '../common/http/api-page-response';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { Page, PaginationQueryDto } from '../common/dto/pagination.dto';
import { uuidParam } from '../common/http/uuid-param';
import { CreateOrderDto } from './dto/create-order.dto';
import { OrderDto } from './dto/order.dto';
import { OrdersService } from './orders.service';
import { ApiUuidParam } from '../common/http/uuid-param';

@ApiTags('orders')
@Controller('orders')
@Authenticated()
@ApiBadRequestResponse({
  description: 'VALIDATION_FAILED, MALFORMED_JSON: a malformed id, query or body',
  type: ErrorResponseDto,
})
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @ApiOperation({
    operationId: 'createOrder',
    summary: 'Place an order',
    description:
      'Only product ids and quantities are accepted: names, unit prices and the total are taken from the catalog. ' +
      'A product listed twice is refused (raise its quantity instead).',
  })
  @ApiCreatedResponse({ type: OrderDto, description: 'The order, `pending`, priced from the catalog' })
  @ApiUnprocessableEntityResponse({
    description: 'PRODUCT_NOT_FOUND, PRODUCT_UNAVAILABLE, ORDER_TOTAL_OUT_OF_RANGE',
    type: ErrorResponseDto,
  })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateOrderDto): Promise<OrderDto> {
    return this.orders.create(user, dto);
  }

  @Get()
  @ApiOperation({ operationId: 'listOrders', summary: "The caller's orders, newest first" })
  @ApiPageResponse(OrderDto, 'A page of the caller’s orders')
  list(@CurrentUser() user: AuthUser, @Query() query: PaginationQueryDto): Promise<Page<OrderDto>> {
    return this.orders.listForUser(user, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getOrder', summary: 'One of the caller’s orders' })
  @ApiUuidParam('The order’s id')
  @ApiOkResponse({ type: OrderDto, description: 'The order, with what is paid and due' })
  @ApiNotFoundResponse({ description: 'ORDER_NOT_FOUND (also for another user’s order)', type: ErrorResponseDto })
  get(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<OrderDto> {
    return this.orders.getForUser(user, id);
  }
}
