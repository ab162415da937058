import { Module } from '@nestjs/common';
import { CheckoutReturnController } from './checkout-return.controller';

@Module({ controllers: [CheckoutReturnController] })
export class CheckoutReturnModule {}
