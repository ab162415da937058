import { minorUnitExponent } from '../common/money';
import type { CheckoutStatusDto } from '../payments/dto/checkout-status.dto';

/**
 * The pages' stylesheet and script, same origin for the CSP. Relative to `/payment/…`, like the
 * status URL, so the pages also work when a proxy serves the app under a path prefix.
 */
export const RETURN_PAGE_ASSETS = {
  css: 'assets/return-page.css',
  script: 'assets/return-page.js',
} as const;

export interface SuccessPageView {
  status: CheckoutStatusDto;
  orderId: string;
  /** The public status route for this session and order, polled while the page waits. */
  statusUrl: string;
  shopUrl: string;
}

/** Values come from the query string and the database: everything shown is escaped. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `3448, 'usd'` -> `$34.48`, `1500, 'jpy'` -> `¥1,500`, from integers only (no float on the way). */
export function formatMoney(amount: number, currency: string): string {
  const exponent = minorUnitExponent(currency);
  const digits = Math.abs(amount)
    .toString()
    .padStart(exponent + 1, '0');
  const decimal = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  const format = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl formats a decimal string exactly; the cast is for lib typings that only list numbers.
  return format.format(`${amount < 0 ? '-' : ''}${decimal}` as unknown as number);
}

export function renderSuccessPage({ status, orderId, statusUrl, shopUrl }: SuccessPageView): string {
  const waiting = !status.final;
  return layout({
    title: status.title,
    main: { state: status.state, final: status.final, statusUrl: waiting ? statusUrl : undefined },
    script: waiting,
    body: `<div class="badge" aria-hidden="true"></div>
      <h1 data-field="title">${escapeHtml(status.title)}</h1>
      <p data-field="message" role="status" aria-live="polite">${escapeHtml(status.message)}</p>
      <p class="checking" data-field="checking" hidden>Checking for updates…</p>
      <noscript><p class="muted">Reload this page to see the latest status.</p></noscript>
      <table>
        <tfoot>
          <tr><th>Total</th><td class="amount" data-testid="total">${escapeHtml(formatMoney(status.amount, status.currency))}</td></tr>
        </tfoot>
      </table>
      <div class="actions">
        <a class="button primary retry-action" href="${escapeHtml(shopUrl)}">Return to the shop to try again</a>
        <a class="button secondary back-action" href="${escapeHtml(shopUrl)}">Back to the shop</a>
      </div>
      <p class="order-id">Order ${escapeHtml(orderId)}</p>`,
  });
}

/**
 * After Cancel on the checkout page. Stripe fills `{CHECKOUT_SESSION_ID}` only into success_url,
 * so this page knows no capability to read the order with: it says what is true for every
 * cancel and sends the customer back to the shop, where they can pay again.
 */
export function renderCancelPage(shopUrl: string): string {
  return layout({
    title: 'Payment canceled',
    main: { state: 'canceled', final: true },
    body: `<div class="badge" aria-hidden="true"></div>
      <h1>Payment canceled</h1>
      <p role="status">You left the checkout before paying, so nothing was charged.</p>
      <p class="muted">Your order is saved. You can pay for it from the shop whenever you are ready.</p>
      <div class="actions">
        <a class="button primary" href="${escapeHtml(shopUrl)}">Back to the shop</a>
      </div>`,
  });
}

/** A success link that is incomplete, altered or for another order. */
export function renderUnknownPaymentPage(shopUrl: string): string {
  return layout({
    title: 'Payment not found',
    main: { state: 'unknown', final: true },
    body: `<div class="badge" aria-hidden="true"></div>
      <h1>Payment not found</h1>
      <p role="status">This link does not match a payment, so its status cannot be shown here. Your orders and their status are in the shop.</p>
      <div class="actions">
        <a class="button primary" href="${escapeHtml(shopUrl)}">Back to the shop</a>
      </div>`,
  });
}

interface LayoutInput {
  title: string;
  main: { state: string; final: boolean; statusUrl?: string };
  body: string;
  script?: boolean;
}

function layout({ title, main, body, script = false }: LayoutInput): string {
  const statusUrl = main.statusUrl ? ` data-status-url="${escapeHtml(main.statusUrl)}"` : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex">
    <title>${escapeHtml(title)}</title>
    <link rel="stylesheet" href="${RETURN_PAGE_ASSETS.css}">
    ${script ? `<script src="${RETURN_PAGE_ASSETS.script}" defer></script>` : ''}
  </head>
  <body>
    <main data-state="${escapeHtml(main.state)}" data-final="${main.final}"${statusUrl}>
      ${body}
    </main>
  </body>
</html>
`;
}
