import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogService } from './catalog.service';
import { Product } from './product.entity';
import { AdminProductsController, ProductsController } from './products.controller';

@Module({
  imports: [TypeOrmModule.forFeature([Product])],
  controllers: [ProductsController, AdminProductsController],
  providers: [CatalogService],
  exports: [CatalogService],
})
export class CatalogModule {}
