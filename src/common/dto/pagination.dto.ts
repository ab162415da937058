import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import type { FindManyOptions, ObjectLiteral, Repository } from 'typeorm';
import { COUNT } from './api-fields';
import { IsOptionalNotNull } from './is-optional-not-null';

export class PaginationQueryDto {
  @ApiPropertyOptional({ ...COUNT, minimum: 1, maximum: 100_000, default: 1 })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;

  @ApiPropertyOptional({ ...COUNT, minimum: 1, maximum: 100, default: 20 })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;

  get skip(): number {
    return (this.page - 1) * this.pageSize;
  }
}

@ApiSchema({ name: 'PageMeta' })
export class PageMetaDto {
  @ApiProperty({ ...COUNT, minimum: 1, example: 1 })
  page!: number;

  @ApiProperty({ ...COUNT, minimum: 1, example: 20 })
  pageSize!: number;

  @ApiProperty({ ...COUNT, example: 42, description: 'How many items all the pages hold' })
  total!: number;
}

export interface Page<T> {
  data: T[];
  meta: PageMetaDto;
}

export function page<T>(data: T[], total: number, query: PaginationQueryDto): Page<T> {
  return { data, meta: { page: query.page, pageSize: query.pageSize, total } };
}

/**
 * One page of a repository's rows, mapped to their DTO: every list route pages the same way
 * (`skip`/`take` from the query, a total for the page metadata).
 */
export async function findPage<Row extends ObjectLiteral, Dto>(
  repository: Repository<Row>,
  options: Omit<FindManyOptions<Row>, 'skip' | 'take'>,
  query: PaginationQueryDto,
  toDto: (row: Row) => Dto,
): Promise<Page<Dto>> {
  const [rows, total] = await repository.findAndCount({ ...options, skip: query.skip, take: query.pageSize });
  return page(rows.map(toDto), total, query);
}
