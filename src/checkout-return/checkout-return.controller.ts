import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUUID } from 'class-validator';

/**
 * Where Checkout sends the customer back when no shop front end is configured (FRONTEND_URL
 * left at this app): a plain page instead of a 404, so the local journey ends somewhere sensible.
 * A real shop serves these two paths itself.
 */
@ApiExcludeController()
@Controller('payment')
export class CheckoutReturnController {
  @Get('success')
  @Header('Content-Type', 'text/html; charset=utf-8')
  success(@Query('orderId') orderId?: string): string {
    return page(
      'Payment submitted',
      'Thank you. The order becomes <strong>paid</strong> as soon as Stripe’s signed webhook reaches orderpay ' +
        '(usually within a second).',
      orderId,
    );
  }

  @Get('cancel')
  @Header('Content-Type', 'text/html; charset=utf-8')
  cancel(@Query('orderId') orderId?: string): string {
    return page('Payment not completed', 'Nothing was charged. The order is still pending and can be paid again.', orderId);
  }
}

function page(title: string, text: string, orderId?: string): string {
  const order = orderId && isUUID(orderId) ? `<p>Order <code>${orderId}</code>: <code>GET /orders/${orderId}</code> shows its status.</p>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · orderpay</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto"><h1>${title}</h1><p>${text}</p>${order}
<p><a href="/docs">API documentation</a></p></body></html>`;
}
