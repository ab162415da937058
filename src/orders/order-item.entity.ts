import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Product } from '../catalog/product.entity';
import type { Order } from './order.entity';

/** A line of an order. Name and unit price are copies taken at order time: later catalog edits never change an order. */
@Entity({ name: 'order_items' })
@Index('IDX_order_items_order', ['orderId'])
@Check('CHK_order_items_quantity', '"quantity" BETWEEN 1 AND 999')
@Check('CHK_order_items_amounts', '"unit_amount" > 0 AND "line_total" = "unit_amount" * "quantity"')
export class OrderItem {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @ManyToOne('Order', (order: Order) => order.items, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: Order;

  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @ManyToOne(() => Product, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product?: Product;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'unit_amount', type: 'integer' })
  unitAmount!: number;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ name: 'line_total', type: 'integer' })
  lineTotal!: number;

  /** Keeps the items in the order the customer listed them. */
  @Column({ type: 'smallint' })
  position!: number;
}
