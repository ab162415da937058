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

@ApiTags('products')
@Controller('products')
@ApiBadRequestResponse({ description: 'Invalid query or id', type: ErrorResponseDto })
export class ProductsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOperation({ summary: 'Active products, by name' })
  @ApiPageResponse(ProductDto)
  list(@Query() query: PaginationQueryDto): Promise<Page<ProductDto>> {
    return this.catalog.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One active product' })
  @ApiOkResponse({ type: ProductDto })
  @ApiNotFoundResponse({ description: 'PRODUCT_NOT_FOUND (also for inactive products)', type: ErrorResponseDto })
  get(@Param('id', uuidParam()) id: string): Promise<ProductDto> {
    return this.catalog.get(id);
  }
}

@ApiTags('admin')
@Controller('admin/products')
@Authenticated({ role: 'admin' })
@ApiBadRequestResponse({ description: 'Invalid input', type: ErrorResponseDto })
export class AdminProductsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOperation({ summary: 'All products, including inactive ones' })
  @ApiPageResponse(ProductDto)
  list(@Query() query: PaginationQueryDto): Promise<Page<ProductDto>> {
    return this.catalog.list(query, { includeInactive: true });
  }

  @Post()
  @ApiOperation({ summary: 'Create a product' })
  @ApiCreatedResponse({ type: ProductDto })
  @ApiConflictResponse({ description: 'SKU_TAKEN', type: ErrorResponseDto })
  create(@Body() dto: CreateProductDto): Promise<ProductDto> {
    return this.catalog.create(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a product; `{"active": false}` deactivates it' })
  @ApiOkResponse({ type: ProductDto })
  @ApiNotFoundResponse({ description: 'PRODUCT_NOT_FOUND', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'SKU_TAKEN', type: ErrorResponseDto })
  update(@Param('id', uuidParam()) id: string, @Body() dto: UpdateProductDto): Promise<ProductDto> {
    return this.catalog.update(id, dto);
  }
}
