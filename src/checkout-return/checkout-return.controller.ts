import { Controller, Get, Header, HttpStatus, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Response } from 'express';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { CheckoutStatusService } from '../payments/checkout/checkout-status.service';
import { isCheckoutSessionId } from '../payments/dto/checkout-status.dto';
import { RETURN_PAGE_CSS, RETURN_PAGE_SCRIPT } from './return-page.assets';
import { renderCancelPage, renderSuccessPage, renderUnknownPaymentPage } from './return-page.html';
import { ThrottleStatusReads } from './return-page-throttle';

const HTML = 'text/html; charset=utf-8';

/**
 * Where Checkout sends the customer back when no shop front end is configured (FRONTEND_URL
 * left at this app). A real shop serves these two paths itself, and can read the same status
 * from `GET /checkout-sessions/:sessionId/status`.
 */
@ApiExcludeController()
@Controller('payment')
export class CheckoutReturnController {
  private readonly shopUrl: string;

  constructor(
    private readonly status: CheckoutStatusService,
    config: AppConfig,
  ) {
    this.shopUrl = `${config.payments.frontendUrl}/`;
  }

  @Get('success')
  @ThrottleStatusReads()
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  async success(
    @Query('orderId') orderId: unknown,
    @Query('session_id') sessionId: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    if (typeof orderId !== 'string' || !isUUID(orderId) || !isCheckoutSessionId(sessionId)) {
      response.status(HttpStatus.BAD_REQUEST);
      return renderUnknownPaymentPage(this.shopUrl);
    }
    try {
      const status = await this.status.forSession(sessionId, orderId);
      const statusUrl = `../checkout-sessions/${encodeURIComponent(sessionId)}/status?orderId=${orderId}`;
      return renderSuccessPage({ status, orderId, statusUrl, shopUrl: this.shopUrl });
    } catch (error) {
      if (!(error instanceof DomainError && error.code === ErrorCode.CHECKOUT_SESSION_NOT_FOUND)) throw error;
      response.status(HttpStatus.NOT_FOUND);
      return renderUnknownPaymentPage(this.shopUrl);
    }
  }

  @Get('cancel')
  @Header('Content-Type', HTML)
  cancel(): string {
    return renderCancelPage(this.shopUrl);
  }

  @Get('assets/return-page.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  stylesheet(): string {
    return RETURN_PAGE_CSS;
  }

  @Get('assets/return-page.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  script(): string {
    return RETURN_PAGE_SCRIPT;
  }
}
