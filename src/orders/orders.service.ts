import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, In, ObjectLiteral } from 'typeorm';
import type { AuthUser } from '../auth/jwt-payload';
import { CatalogService } from '../catalog/catalog.service';
import { AppConfig } from '../config/app-config';
import { findPage, page, Page, PaginationQueryDto } from '../common/dto/pagination.dto';
import { conflict, DomainError, ErrorCode, notFound, unprocessable } from '../common/errors/domain-error';
import { formatMinor, MAXIMUM_CHARGE, multiplyMinor, sumMinor } from '../common/money';
import { AdminOrderHistoryDto, AdminOrdersQueryDto, AdminOrderSummaryDto, AuditEntryDto } from './dto/admin-order.dto';
import { CreateOrderDto } from './dto/create-order.dto';
import { OrderDto } from './dto/order.dto';
import { OrderEvent } from './order-event.entity';
import { FlagDetails, OrderFlag, OrderFlagKind } from './order-flag.entity';
import { applyPayment, applyRefunded } from './order-amounts';
import { lockOrder, lockOrderWith, OwnedRowCriteria } from './order-locks';
import { insertOrder } from './order-rows';
import { assertTransition, OrderStatus } from './order-status';
import { Order } from './order.entity';
import { runStatement } from '../database/statements';

/** Columns a transition may set besides the status. */
export type TransitionChanges = Partial<Pick<Order, 'paidAt' | 'canceledAt' | 'amountPaid' | 'amountRefunded'>>;

@Injectable()
export class OrdersService {
  private readonly currency: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    config: AppConfig,
  ) {
    this.currency = config.payments.currency;
  }

  async create(user: AuthUser, dto: CreateOrderDto): Promise<OrderDto> {
    const products = new Map((await this.catalog.findByIds(dto.items.map((i) => i.productId))).map((p) => [p.id, p]));
    const items = dto.items.map(({ productId, quantity }, position) => {
      const product = products.get(productId);
      if (!product) {
        throw unprocessable(
          ErrorCode.PRODUCT_NOT_FOUND,
          `items.${position}.productId: product ${productId} does not exist`,
        );
      }
      if (!product.active) {
        throw unprocessable(
          ErrorCode.PRODUCT_UNAVAILABLE,
          `items.${position}.productId: product ${productId} (${product.name}) is no longer sold`,
        );
      }
      const lineTotal = multiplyMinor(product.unitAmount, quantity);
      return { productId, name: product.name, unitAmount: product.unitAmount, quantity, lineTotal, position };
    });
    const totalAmount = sumMinor(items.map((i) => i.lineTotal));
    if (totalAmount > MAXIMUM_CHARGE) {
      throw new DomainError(
        ErrorCode.ORDER_TOTAL_OUT_OF_RANGE,
        `The order total ${formatMinor(totalAmount, this.currency)} is above the largest amount one payment can take ` +
          `(${formatMinor(MAXIMUM_CHARGE, this.currency)}); split it into several orders`,
        HttpStatus.UNPROCESSABLE_ENTITY,
      );
    }
    const order = await insertOrder(
      this.dataSource.manager,
      { userId: user.id, currency: this.currency, totalAmount },
      items,
    );
    return OrderDto.from(order);
  }

  async listForUser(user: AuthUser, query: PaginationQueryDto): Promise<Page<OrderDto>> {
    return findPage(
      this.dataSource.getRepository(Order),
      { where: { userId: user.id }, relations: { items: true }, order: { createdAt: 'DESC', id: 'DESC' } },
      query,
      (order) => OrderDto.from(order),
    );
  }

  async getForUser(user: AuthUser, orderId: string): Promise<OrderDto> {
    return OrderDto.from(await this.findOwned(user, orderId));
  }

  /** Any order, filtered, newest first (admin console). */
  async listForAdmin(query: AdminOrdersQueryDto): Promise<Page<AdminOrderSummaryDto>> {
    const builder = this.dataSource
      .getRepository(Order)
      .createQueryBuilder('order')
      .leftJoinAndSelect('order.items', 'item')
      .leftJoinAndSelect('order.user', 'user')
      .orderBy('order.createdAt', 'DESC')
      .addOrderBy('order.id', 'DESC')
      .skip(query.skip)
      .take(query.pageSize);
    if (query.status) builder.andWhere('order.status = :status', { status: query.status });
    if (query.from) builder.andWhere('order.createdAt >= :from', { from: query.from });
    if (query.to) builder.andWhere('order.createdAt < :to', { to: query.to });
    if (query.flagged !== undefined) {
      builder.andWhere(
        `${query.flagged ? '' : 'NOT '}EXISTS (SELECT 1 FROM order_flags f WHERE f.order_id = "order"."id")`,
      );
    }
    const [orders, total] = await builder.getManyAndCount();
    const flags = await this.flagsOf(orders.map((o) => o.id));
    return page(
      orders.map((o) => AdminOrderSummaryDto.fromAdmin(o, flags.get(o.id) ?? [])),
      total,
      query,
    );
  }

  /** Any order with its flags and audit trail (admin console). */
  async getForAdmin(orderId: string): Promise<AdminOrderHistoryDto> {
    const order = await this.dataSource
      .getRepository(Order)
      .findOne({ where: { id: orderId }, relations: { items: true, user: true } });
    if (!order) throw notFound(ErrorCode.ORDER_NOT_FOUND, `Order ${orderId} not found`);
    const [flags, trail] = await Promise.all([
      this.flagsOf([orderId]),
      this.dataSource.getRepository(OrderEvent).find({
        where: { orderId },
        // Stryker disable next-line ObjectLiteral,StringLiteral: the (order_id, at) index scan returns this order anyway; the ORDER BY is what guarantees it
        order: { at: 'ASC' },
      }),
    ]);
    return {
      ...AdminOrderSummaryDto.fromAdmin(order, flags.get(orderId) ?? []),
      auditTrail: trail.map((entry) => AuditEntryDto.from(entry)),
    };
  }

  /**
   * The few fields a customer's return page shows, without an ownership check: only for callers
   * that proved their right to the order another way (payments, with its Checkout Session id).
   */
  async publicSummary(orderId: string): Promise<Pick<Order, 'id' | 'status' | 'totalAmount' | 'currency'> | null> {
    return this.dataSource.getRepository(Order).findOne({
      where: { id: orderId },
      // Stryker disable next-line ObjectLiteral: a narrower read only; without the select these fields come back all the same
      select: { id: true, status: true, totalAmount: true, currency: true },
    });
  }

  private async flagsOf(orderIds: string[]): Promise<Map<string, OrderFlag[]>> {
    const byOrder = new Map<string, OrderFlag[]>();
    if (orderIds.length === 0) return byOrder;
    const flags = await this.dataSource
      .getRepository(OrderFlag)
      .find({ where: { orderId: In(orderIds) }, order: { createdAt: 'ASC' } });
    for (const flag of flags) byOrder.set(flag.orderId, [...(byOrder.get(flag.orderId) ?? []), flag]);
    return byOrder;
  }

  /**
   * The caller's order, or ORDER_NOT_FOUND: another user's order is answered exactly as one
   * that does not exist, so ids cannot be probed.
   */
  async findOwned(user: AuthUser, orderId: string, manager: EntityManager = this.dataSource.manager): Promise<Order> {
    // One query: findOne with a relation wraps it in a DISTINCT subquery to apply its LIMIT 1,
    // which a primary-key lookup does not need.
    const order = await manager
      .getRepository(Order)
      .createQueryBuilder('order')
      .leftJoinAndSelect('order.items', 'item')
      .where('order.id = :orderId AND order.userId = :userId', { orderId, userId: user.id })
      .getOne();
    if (!order) throw notFound(ErrorCode.ORDER_NOT_FOUND, `Order ${orderId} not found`);
    return order;
  }

  /**
   * Cancels an order that takes payments (pending, or partly paid: its payments are the caller's
   * to refund), inside the caller's transaction with the order locked, or answers
   * ORDER_NOT_CANCELABLE. Open payment sessions are the caller's business too (payments closes
   * them first).
   */
  async cancel(manager: EntityManager, order: Order, cause: string): Promise<OrderDto> {
    const cancelable = order.status === 'pending' || order.status === 'partially_paid';
    if (
      !cancelable ||
      !(await this.transition(manager, order.id, order.status, 'canceled', cause, { canceledAt: new Date() }))
    ) {
      throw conflict(
        ErrorCode.ORDER_NOT_CANCELABLE,
        `Order ${order.id} is ${order.status}; only orders not yet paid in full can be canceled`,
      );
    }
    return OrderDto.from(
      await manager.getRepository(Order).findOneOrFail({ where: { id: order.id }, relations: { items: true } }),
    );
  }

  /** Locks the order row for the rest of the caller's transaction (items are not loaded). */
  async lockForUpdate(manager: EntityManager, orderId: string): Promise<Order> {
    const order = await lockOrder(manager, orderId);
    if (!order) throw notFound(ErrorCode.ORDER_NOT_FOUND, `Order ${orderId} not found`);
    return order;
  }

  /** A row of `owned` (one with an `order_id`) named by `criteria`, locked with its order, order first; null when none. */
  lockWith<T extends ObjectLiteral>(
    manager: EntityManager,
    owned: EntityTarget<T>,
    criteria: OwnedRowCriteria<T>,
  ): Promise<{ order: Order; owned: T } | null> {
    return lockOrderWith(manager, owned, criteria);
  }

  /** What a payment of `amount` would bring the order: the part it takes (`applied`), the rest (`excess`). */
  paymentShare(order: Order, amount: number): { applied: number; excess: number } {
    const { applied, excess } = applyPayment(order, amount);
    return { applied, excess };
  }

  /** Marks the order for review; a second flag of the same kind and reference is a no-op. */
  async flag(
    manager: EntityManager,
    orderId: string,
    kind: OrderFlagKind,
    reference: string,
    details: FlagDetails,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(OrderFlag)
      .values({ orderId, kind, reference, details })
      .orIgnore()
      .execute();
  }

  /**
   * Money a payment brought, applied to the order locked by the caller: the part that is due
   * raises `amountPaid` (to `partially_paid` or `paid`); what is left over is the caller's to
   * refund. Answers what was applied and what was not.
   */
  async recordPayment(
    manager: EntityManager,
    order: Order,
    amount: number,
    cause: string,
  ): Promise<{ applied: number; excess: number }> {
    const { applied, excess, to, amountPaid } = applyPayment(order, amount);
    if (!to) return { applied, excess };
    const changes: TransitionChanges = { amountPaid, ...(to === 'paid' ? { paidAt: new Date() } : {}) };
    if (!(await this.transition(manager, order.id, order.status, to, cause, changes))) {
      throw new Error(`Order ${order.id} changed while locked`);
    }
    Object.assign(order, changes, { status: to });
    return { applied, excess };
  }

  /**
   * A refund of the order's money that succeeded (`delta` > 0) or was reversed (`delta` < 0), on
   * the order locked by the caller: `refunded` once refunds cover what was paid.
   */
  async recordRefunded(manager: EntityManager, order: Order, delta: number, cause: string): Promise<void> {
    const { to, amountRefunded } = applyRefunded(order, delta);
    if (!(await this.transition(manager, order.id, order.status, to, cause, { amountRefunded }))) {
      throw new Error(`Order ${order.id} changed while locked`);
    }
    Object.assign(order, { status: to, amountRefunded });
  }

  /**
   * The one way an order's status or amounts change: a guarded UPDATE (`WHERE status = from`)
   * plus its audit row with the amounts after it, inside the caller's transaction. Returns false,
   * changing nothing, when the order was not in `from` any more, so duplicates and races apply a
   * transition at most once. Moves that change amounts only are made with the order locked.
   */
  async transition(
    manager: EntityManager,
    orderId: string,
    from: OrderStatus,
    to: OrderStatus,
    cause: string,
    changes: TransitionChanges = {},
  ): Promise<boolean> {
    assertTransition(from, to);
    const columns: Record<keyof TransitionChanges, string> = {
      paidAt: 'paid_at',
      canceledAt: 'canceled_at',
      amountPaid: 'amount_paid',
      amountRefunded: 'amount_refunded',
    };
    const params: unknown[] = [orderId, from, to, cause];
    const sets = (Object.keys(changes) as (keyof TransitionChanges)[])
      .filter((key) => changes[key] !== undefined)
      .map((key) => `${columns[key]} = $${params.push(changes[key])}`);
    // One statement: the guarded update and its audit row, with the amounts the update left. The
    // row's time is the clock's, not the transaction's: one transaction may move an order twice
    // (two refunds settled by one event), and the trail must keep their order.
    const rows = await runStatement<unknown[]>(
      manager,
      `WITH moved AS (
         UPDATE orders SET ${['status = $3', 'updated_at = now()', ...sets].join(', ')}
         WHERE id = $1 AND status = $2
         RETURNING id, amount_paid, amount_refunded)
       INSERT INTO order_events (order_id, from_status, to_status, cause, amount_paid, amount_refunded, at)
       SELECT id, $2, $3, $4, amount_paid, amount_refunded, clock_timestamp() FROM moved
       RETURNING id`,
      params,
    );
    return rows.length > 0;
  }
}
