import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthUser } from '../auth/jwt-payload';
import { findPage, Page, PaginationQueryDto } from '../common/dto/pagination.dto';
import { OrdersService } from '../orders/orders.service';
import { AdminPaymentDto, PaymentDto } from './dto/pay-order.dto';
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
    return findPage(
      this.payments,
      {
        where: { orderId },
        // Stryker disable next-line ObjectLiteral,StringLiteral: the (order_id, created_at) index scan returns this order anyway; the ORDER BY is what guarantees it
        order: { createdAt: 'ASC', id: 'ASC' },
      },
      query,
      (payment) => PaymentDto.from(payment),
    );
  }

  /** Any order's attempts (admin console); the caller has checked the order exists. */
  async listForOrder(orderId: string): Promise<AdminPaymentDto[]> {
    const payments = await this.payments.find({
      where: { orderId },
      // Stryker disable next-line ObjectLiteral,StringLiteral: as above, the index returns this order anyway
      order: { createdAt: 'ASC' },
    });
    return payments.map((payment) => AdminPaymentDto.fromPayment(payment));
  }
}
