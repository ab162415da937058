import { applyDecorators, Type } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiSchema } from '@nestjs/swagger';
import { PageMetaDto } from '../dto/pagination.dto';

const pageSchemas = new Map<Type<unknown>, Type<unknown>>();

/**
 * A named `{data: T[], meta}` schema per item type (`ProductPage`, `OrderPage`...): generated
 * clients get a type they can name, not an anonymous inline object per route.
 */
function pageOf(model: Type<unknown>): Type<unknown> {
  let schema = pageSchemas.get(model);
  if (!schema) {
    // The item's schema name is its class name without `Dto` (see the DTOs' @ApiSchema).
    const itemName = model.name.replace(/Dto$/, '');
    const name = `${itemName}Page`;
    class Page {
      @ApiProperty({ type: [model] })
      data!: unknown[];

      @ApiProperty({ type: PageMetaDto })
      meta!: PageMetaDto;
    }
    ApiSchema({ name, description: `One page of ${itemName} items, with where it sits among all of them` })(Page);
    schema = Page;
    pageSchemas.set(model, schema);
  }
  return schema;
}

/** Documents a `{data: T[], meta}` page of T. */
export function ApiPageResponse(model: Type<unknown>, description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiOkResponse({ type: pageOf(model), description }));
}
