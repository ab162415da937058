import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsObject,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { COUNT, UUID } from '../../common/dto/api-fields';

export const MAX_ITEMS_PER_ORDER = 100;
export const MAX_QUANTITY = 999;

@ApiSchema({ name: 'CreateOrderItem' })
export class CreateOrderItemDto {
  @ApiProperty(UUID)
  @IsUUID('all', { message: 'productId must be a UUID' })
  productId!: string;

  @ApiProperty({ ...COUNT, minimum: 1, maximum: MAX_QUANTITY, example: 2 })
  @IsInt({ message: 'quantity must be a whole number' })
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity!: number;
}

/**
 * Only product ids and quantities: names, prices and the total come from the catalog.
 * A product listed twice is refused rather than merged, so a client bug cannot silently double a line.
 */
@ApiSchema({ name: 'CreateOrderRequest' })
export class CreateOrderDto {
  @ApiProperty({ type: [CreateOrderItemDto], minItems: 1, maxItems: MAX_ITEMS_PER_ORDER })
  @IsArray()
  @ArrayMinSize(1, { message: 'items must contain at least one item' })
  @ArrayMaxSize(MAX_ITEMS_PER_ORDER, { message: `items must contain at most ${MAX_ITEMS_PER_ORDER} items` })
  @ArrayUnique((item: CreateOrderItemDto) => item?.productId, {
    message: 'items must not list the same productId twice (raise its quantity instead)',
  })
  @IsObject({ each: true, message: 'each item must be an object {productId, quantity}' })
  @ValidateNested({ each: true })
  @Type(() => CreateOrderItemDto)
  items!: CreateOrderItemDto[];
}
