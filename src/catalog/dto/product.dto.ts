import { ApiProperty, ApiPropertyOptional, PartialType, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsOptionalNotNull } from '../../common/dto/is-optional-not-null';
import { MAXIMUM_CHARGE } from '../../common/money';
import type { Product } from '../product.entity';
import { CURRENCY, MINOR_UNITS, UUID } from '../../common/dto/api-fields';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@ApiSchema({ name: 'Product' })
export class ProductDto {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ example: 'MUG-BLUE' })
  sku!: string;

  @ApiProperty({ example: 'Blue mug' })
  name!: string;

  @ApiProperty({ example: 'Stoneware, 350 ml', nullable: true, type: String })
  description!: string | null;

  @ApiProperty({
    ...MINOR_UNITS,
    example: 1299,
    description: 'Price in minor units of `currency` (cents; yen for JPY)',
  })
  unitAmount!: number;

  @ApiProperty(CURRENCY)
  currency!: string;

  @ApiProperty({ example: true })
  active!: boolean;

  static from(product: Product, currency: string): ProductDto {
    const { id, sku, name, description, unitAmount, active } = product;
    return { id, sku, name, description, unitAmount, currency, active };
  }
}

@ApiSchema({ name: 'CreateProductRequest' })
export class CreateProductDto {
  @ApiProperty({
    example: 'MUG-BLUE',
    pattern: '^[A-Za-z0-9._-]{1,64}$',
    description: 'Letters, digits, dot, dash, underscore; unique',
  })
  @Transform(trimmed)
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'sku must be 1 to 64 letters, digits, dots, dashes or underscores' })
  sku!: string;

  @ApiProperty({ example: 'Blue mug', minLength: 1, maxLength: 200, pattern: '\\S', description: 'Trimmed; not blank' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'Stoneware, 350 ml', maxLength: 2000 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({
    ...MINOR_UNITS,
    example: 1299,
    minimum: 1,
    maximum: MAXIMUM_CHARGE,
    description: 'Minor units of the shop currency',
  })
  @IsInt({ message: 'unitAmount must be an integer number of minor units (cents)' })
  @Min(1)
  @Max(MAXIMUM_CHARGE)
  unitAmount!: number;

  // No `default` in the document: PATCH inherits this field, and there absent leaves the product as it is.
  @ApiPropertyOptional({ type: Boolean, description: 'Offered to customers; absent on create means true' })
  // Null is refused like any other wrong type.
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

/** Any subset of the fields; `active: false` deactivates (products are never deleted: orders refer to them). */
// skipNullProperties: false makes `null` a validation error (400) instead of a NOT NULL failure (500).
@ApiSchema({ name: 'UpdateProductRequest' })
export class UpdateProductDto extends PartialType(CreateProductDto, { skipNullProperties: false }) {}
