import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { conflict, ErrorCode, notFound } from '../common/errors/domain-error';
import { findPage, Page, PaginationQueryDto } from '../common/dto/pagination.dto';
import { isUniqueViolation } from '../database/postgres-errors';
import { CreateProductDto, ProductDto, UpdateProductDto } from './dto/product.dto';
import { Product } from './product.entity';
import { entityFrom, selectColumns } from '../database/entity-rows';
import { runStatement } from '../database/statements';

@Injectable()
export class CatalogService {
  private readonly currency: string;

  constructor(
    @InjectRepository(Product) private readonly products: Repository<Product>,
    config: AppConfig,
  ) {
    this.currency = config.payments.currency;
  }

  async list(query: PaginationQueryDto, options: { includeInactive?: boolean } = {}): Promise<Page<ProductDto>> {
    const where = options.includeInactive ? {} : { active: true };
    return findPage(this.products, { where, order: { name: 'ASC', id: 'ASC' } }, query, (product) =>
      this.toDto(product),
    );
  }

  async get(id: string, options: { includeInactive?: boolean } = {}): Promise<ProductDto> {
    const product = await this.products.findOne({ where: options.includeInactive ? { id } : { id, active: true } });
    if (!product) throw notFound(ErrorCode.PRODUCT_NOT_FOUND, `Product ${id} not found`);
    return this.toDto(product);
  }

  async create(dto: CreateProductDto): Promise<ProductDto> {
    return this.toDto(await this.saveUnique(this.products.create({ ...dto, description: dto.description ?? null })));
  }

  async update(id: string, dto: UpdateProductDto): Promise<ProductDto> {
    const product = await this.products.findOne({ where: { id } });
    if (!product) throw notFound(ErrorCode.PRODUCT_NOT_FOUND, `Product ${id} not found`);
    return this.toDto(await this.saveUnique(this.products.merge(product, dto)));
  }

  /**
   * The products an order may use, by id; callers decide what a missing or inactive one means.
   * Hand-written (one prepared statement, no query building): it runs on every POST /orders.
   */
  async findByIds(ids: string[]): Promise<Product[]> {
    const manager = this.products.manager;
    const rows = await runStatement<Record<string, unknown>[]>(
      manager,
      `SELECT ${selectColumns(manager, Product, 'p')} FROM products p WHERE p.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((row) => entityFrom(manager, Product, row, 'p'));
  }

  count(): Promise<number> {
    return this.products.count();
  }

  /** Which of these skus exist, active or not. */
  async existingSkus(skus: string[]): Promise<string[]> {
    const rows = await this.products.find({ select: { sku: true }, where: { sku: In(skus) } });
    return rows.map((row) => row.sku);
  }

  private async saveUnique(product: Product): Promise<Product> {
    try {
      return await this.products.save(product);
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(ErrorCode.SKU_TAKEN, `A product with sku ${product.sku} already exists`);
      throw error;
    }
  }

  private toDto(product: Product): ProductDto {
    return ProductDto.from(product, this.currency);
  }
}
