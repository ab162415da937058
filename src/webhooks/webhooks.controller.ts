import { Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
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
import { WebhookAckDto } from './dto/webhook-ack.dto';

/** Abridged: what a reader of the document needs to recognise the provider's deliveries. */
const STRIPE_EVENT_EXAMPLE = {
  id: 'evt_1Nk5aB2eZvKYlo2C0a1b2c3d',
  object: 'event',
  type: 'checkout.session.completed',
  data: { object: { id: 'cs_test_a1b2c3', object: 'checkout.session', payment_status: 'paid' } },
};
const PAYPAL_EVENT_EXAMPLE = {
  id: 'WH-58D329510W468432D-8HN650336L201105X',
  event_type: 'PAYMENT.CAPTURE.COMPLETED',
  resource: { id: '3C679366HH908993F', status: 'COMPLETED', amount: { currency_code: 'USD', value: '17.98' } },
};

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post('stripe')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'receiveStripeEvent',
    summary: 'Stripe events (called by Stripe, not by clients)',
    description:
      'The signature is verified on the raw body before anything else. Each event is handled once, ' +
      'whatever the number and order of deliveries.',
  })
  @ApiHeader({
    name: 'Stripe-Signature',
    required: true,
    description: 'Stripe’s signature of the raw body: `t=<timestamp>,v1=<HMAC-SHA256>`',
    example: 't=1764511509,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
  })
  @ApiBody({
    description: 'A Stripe Event, as Stripe signed it (read as raw bytes: any change breaks the signature)',
    schema: { type: 'object', additionalProperties: true, example: STRIPE_EVENT_EXAMPLE },
  })
  @ApiOkResponse({ type: WebhookAckDto, description: 'Handled now or before: Stripe stops sending it' })
  @ApiBadRequestResponse({
    description: 'WEBHOOK_SIGNATURE_INVALID: missing, malformed, wrong or stale signature',
    type: ErrorResponseDto,
  })
  @ApiInternalServerErrorResponse({
    description: 'INTERNAL_ERROR: processing failed: its changes are undone, the event is kept failed; Stripe retries',
    type: ErrorResponseDto,
  })
  @ApiServiceUnavailableResponse({
    description:
      'PAYMENT_PROVIDER_UNAVAILABLE: Stripe could not be asked what the event needs; the event is kept failed, and Stripe retries',
    type: ErrorResponseDto,
  })
  receive(@Req() request: Request): Promise<WebhookAck> {
    return this.webhooks.receive('stripe', rawBodyOf(request), headersOf(request));
  }

  @Post('paypal')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'receivePayPalEvent',
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
  @ApiBody({
    description: 'A PayPal webhook event, as PayPal sent it (verified with PayPal byte for byte)',
    schema: { type: 'object', additionalProperties: true, example: PAYPAL_EVENT_EXAMPLE },
  })
  @ApiOkResponse({ type: WebhookAckDto, description: 'Handled now or before: PayPal stops sending it' })
  @ApiBadRequestResponse({
    description: 'WEBHOOK_SIGNATURE_INVALID: missing headers, or PayPal did not verify the delivery',
    type: ErrorResponseDto,
  })
  @ApiServiceUnavailableResponse({
    description: 'PAYMENT_PROVIDER_UNAVAILABLE: PayPal could not be asked to verify it; PayPal retries',
    type: ErrorResponseDto,
  })
  @ApiInternalServerErrorResponse({
    description: 'INTERNAL_ERROR: processing failed: its changes are undone, the event is kept failed; PayPal retries',
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
