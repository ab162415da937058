import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthUser } from '../auth/jwt-payload';
import { page, Page, PaginationQueryDto } from '../common/dto/pagination.dto';
import { OrdersService } from '../orders/orders.service';
import { PaymentDto } from './dto/pay-order.dto';
import { Payment } from './payment.entity';

/** Reads of payment attempts. */
@Injectable()
export class PaymentsService {
  constructor(
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
    private readonly orders: OrdersService,
  ) {}

  async listForUser(user: AuthUser, orderId: string, query: PaginationQueryDto): Promise<Page<PaymentDto>> {
    await this.orders.findOwned(user, orderId);
    const [payments, total] = await this.payments.findAndCount({
      where: { orderId },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: query.skip,
      take: query.pageSize,
    });
    return page(
      payments.map((payment) => PaymentDto.from(payment)),
      total,
      query,
    );
  }

  /** Any order's attempts (admin console); the caller has checked the order exists. */
  async listForOrder(orderId: string): Promise<PaymentDto[]> {
    const payments = await this.payments.find({ where: { orderId }, order: { createdAt: 'ASC' } });
    return payments.map((payment) => PaymentDto.from(payment));
  }
}
