import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { PaymentsModule } from '../payments/payments.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AdminOperationsController } from './admin-operations.controller';
import { AdminOrdersController } from './admin-orders.controller';
import { AdminService } from './admin.service';

/** The admin console (through Swagger UI): it sits on top and only uses the modules' exported services. */
@Module({
  imports: [OrdersModule, PaymentsModule, WebhooksModule],
  controllers: [AdminOrdersController, AdminOperationsController],
  providers: [AdminService],
})
export class AdminModule {}
