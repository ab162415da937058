import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated } from '../auth/decorators';
import { ApiPageResponse } from '../common/http/api-page-response';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { Page, PaginationQueryDto } from '../common/dto/pagination.dto';
import { uuidParam } from '../common/http/uuid-param';
import { CatalogService } from './catalog.service';
import { CreateProductDto, ProductDto, UpdateProductDto } from './dto/product.dto';
import { ApiUuidParam } from '../common/http/uuid-param';

@ApiTags('products')
@Controller('products')
@ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a malformed id or query', type: ErrorResponseDto })
export class ProductsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOperation({ operationId: 'listProducts', summary: 'Active products, by name' })
  @ApiPageResponse(ProductDto, 'A page of the catalog')
  list(@Query() query: PaginationQueryDto): Promise<Page<ProductDto>> {
    return this.catalog.list(query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getProduct', summary: 'One active product' })
  @ApiUuidParam('The product’s id')
  @ApiOkResponse({ type: ProductDto, description: 'The product' })
  @ApiNotFoundResponse({ description: 'PRODUCT_NOT_FOUND (also for inactive products)', type: ErrorResponseDto })
  get(@Param('id', uuidParam()) id: string): Promise<ProductDto> {
    return this.catalog.get(id);
  }
}

@ApiTags('admin')
@Controller('admin/products')
@Authenticated({ role: 'admin' })
@ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a malformed id, query or body', type: ErrorResponseDto })
export class AdminProductsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOperation({ operationId: 'listAllProducts', summary: 'All products, including inactive ones' })
  @ApiPageResponse(ProductDto, 'A page of products, inactive ones included')
  list(@Query() query: PaginationQueryDto): Promise<Page<ProductDto>> {
    return this.catalog.list(query, { includeInactive: true });
  }

  @Post()
  @ApiOperation({ operationId: 'createProduct', summary: 'Create a product' })
  @ApiCreatedResponse({ type: ProductDto, description: 'The new product, priced in the shop currency' })
  @ApiConflictResponse({ description: 'SKU_TAKEN', type: ErrorResponseDto })
  create(@Body() dto: CreateProductDto): Promise<ProductDto> {
    return this.catalog.create(dto);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateProduct', summary: 'Update a product; `{"active": false}` deactivates it' })
  @ApiUuidParam('The product’s id')
  @ApiOkResponse({ type: ProductDto, description: 'The product as updated' })
  @ApiNotFoundResponse({ description: 'PRODUCT_NOT_FOUND', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'SKU_TAKEN', type: ErrorResponseDto })
  update(@Param('id', uuidParam()) id: string, @Body() dto: UpdateProductDto): Promise<ProductDto> {
    return this.catalog.update(id, dto);
  }
}
