import { Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiInternalServerErrorResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import type { WebhookHeaders } from '../payments/providers/payment-provider';
import { WebhookAck, WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post('stripe')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Stripe events (called by Stripe, not by clients)',
    description:
      'The signature is verified on the raw body before anything else. Each event is handled once, ' +
      'whatever the number and order of deliveries.',
  })
  @ApiHeader({ name: 'Stripe-Signature', required: true })
  @ApiOkResponse({ schema: { example: { received: true } } })
  @ApiBadRequestResponse({
    description: 'WEBHOOK_SIGNATURE_INVALID: missing, malformed, wrong or stale signature',
    type: ErrorResponseDto,
  })
  @ApiInternalServerErrorResponse({
    description: 'Processing failed (nothing kept); Stripe retries',
    type: ErrorResponseDto,
  })
  receive(@Req() request: Request): Promise<WebhookAck> {
    return this.webhooks.receive('stripe', rawBodyOf(request), headersOf(request));
  }

  @Post('paypal')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'PayPal events (called by PayPal, not by clients)',
    description:
      'Each delivery is verified with PayPal (verify-webhook-signature, against PAYPAL_WEBHOOK_ID) before ' +
      'anything in it is used. Each event is handled once, whatever the number and order of deliveries.',
  })
  @ApiHeader({ name: 'PAYPAL-TRANSMISSION-SIG', required: true })
  @ApiHeader({ name: 'PAYPAL-TRANSMISSION-ID', required: true })
  @ApiHeader({ name: 'PAYPAL-TRANSMISSION-TIME', required: true })
  @ApiHeader({ name: 'PAYPAL-CERT-URL', required: true })
  @ApiHeader({ name: 'PAYPAL-AUTH-ALGO', required: true })
  @ApiOkResponse({ schema: { example: { received: true } } })
  @ApiBadRequestResponse({
    description: 'WEBHOOK_SIGNATURE_INVALID: missing headers, or PayPal did not verify the delivery',
    type: ErrorResponseDto,
  })
  @ApiServiceUnavailableResponse({
    description: 'PAYMENT_PROVIDER_UNAVAILABLE: PayPal could not be asked to verify it; PayPal retries',
    type: ErrorResponseDto,
  })
  @ApiInternalServerErrorResponse({
    description: 'Processing failed (nothing kept); PayPal retries',
    type: ErrorResponseDto,
  })
  receivePayPal(@Req() request: Request): Promise<WebhookAck> {
    return this.webhooks.receive('paypal', rawBodyOf(request), headersOf(request));
  }
}

/** The raw-body parser is mounted on the webhook paths only (app.setup.ts): the bytes the provider signed. */
function rawBodyOf(request: Request): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** Node gives header names in lower case; a header sent twice arrives as one comma-joined value. */
function headersOf(request: Request): WebhookHeaders {
  return Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]),
  );
}
