import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { UsersModule } from '../users/users.module';
import { DemoDataService } from './demo-data.service';

@Module({ imports: [UsersModule, CatalogModule], providers: [DemoDataService], exports: [DemoDataService] })
export class DemoModule {}
