import type Stripe from 'stripe';
import { formatAmount } from '../state/currency';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export interface CheckoutPageView {
  session: Stripe.Checkout.Session;
  lineItems: Stripe.LineItem[];
  formAction: string;
  notice?: Notice;
}

/** The four outcomes a customer can choose; `value` is what the form posts as `action`. */
export const PAGE_BUTTONS = [
  { value: 'pay', label: 'Pay', style: 'primary' },
  { value: 'decline', label: 'Decline', style: 'secondary' },
  { value: 'pay_later', label: 'Pay later (bank debit: settles or fails after a delay)', style: 'secondary' },
  { value: 'cancel', label: 'Cancel', style: 'link' },
] as const;

export type PageAction = (typeof PAGE_BUTTONS)[number]['value'];

/** Product names come from the merchant's request: everything shown is escaped. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function renderCheckoutPage(view: CheckoutPageView): string {
  const { session, lineItems } = view;
  const currency = session.currency ?? 'usd';
  const rows = lineItems
    .map((item) => {
      const unitAmount = item.price?.unit_amount ?? 0;
      return `<tr data-testid="line-item">
          <td class="name">${escapeHtml(item.description ?? '')}</td>
          <td class="qty">${item.quantity ?? 1} &times; ${escapeHtml(formatAmount(unitAmount, currency))}</td>
          <td class="amount">${escapeHtml(formatAmount(item.amount_total, currency))}</td>
        </tr>`;
    })
    .join('\n');
  const buttons = PAGE_BUTTONS.map(
    (button) =>
      `<button type="submit" name="action" value="${button.value}" class="${button.style}">${escapeHtml(button.label)}</button>`,
  ).join('\n        ');
  const notice = view.notice
    ? `<p class="notice ${view.notice.kind}" role="${view.notice.kind === 'error' ? 'alert' : 'status'}">${escapeHtml(view.notice.text)}</p>`
    : '';
  const email = session.customer_email
    ? `<p class="email">Paying as <strong>${escapeHtml(session.customer_email)}</strong></p>`
    : '';
  return layout(
    'Checkout',
    `<h1>Checkout</h1>
      ${email}
      <table>
        <tbody>
        ${rows}
        </tbody>
        <tfoot>
          <tr><th colspan="2">Total</th><td class="amount" data-testid="total">${escapeHtml(
            formatAmount(session.amount_total ?? 0, currency),
          )}</td></tr>
        </tfoot>
      </table>
      ${notice}
      <form method="post" action="${escapeHtml(view.formAction)}">
        ${buttons}
      </form>
      <p class="session-id">${escapeHtml(session.id)}</p>`,
  );
}

/** For a session that can no longer be paid, or one that does not exist. */
export function renderStatusPage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n      <p role="status">${escapeHtml(message)}</p>`);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)} · local Stripe emulator</title>
    <style>
      body { font-family: system-ui, sans-serif; background: #f6f9fc; color: #1a1f36; margin: 0; }
      main { max-width: 32rem; margin: 3rem auto; background: #fff; border-radius: 8px; padding: 2rem;
             box-shadow: 0 2px 8px rgba(0,0,0,.08); }
      .banner { background: #ffde92; color: #5d4200; font-size: .8rem; text-align: center; padding: .35rem; }
      table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
      td, th { padding: .5rem 0; border-bottom: 1px solid #e3e8ee; text-align: left; }
      .amount { text-align: right; white-space: nowrap; }
      tfoot th, tfoot td { font-weight: 600; border-bottom: 0; }
      form { display: grid; gap: .6rem; }
      button { font: inherit; padding: .7rem; border-radius: 6px; border: 1px solid #635bff; cursor: pointer; }
      .primary { background: #635bff; color: #fff; }
      .secondary { background: #fff; color: #635bff; }
      .link { background: none; border: 0; color: #697386; text-decoration: underline; }
      .notice.error { color: #df1b41; }
      .session-id { color: #8792a2; font-size: .7rem; word-break: break-all; }
    </style>
  </head>
  <body>
    <div class="banner">TEST MODE · local Stripe emulator: no real money moves</div>
    <main>
      ${body}
    </main>
  </body>
</html>
`;
}
