import type Stripe from 'stripe';
import { formatAmount } from '../state/currency';
import { escapeHtml, hostedPage, type PageBrand } from '../support/hosted-page';

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

const STRIPE_BRAND: PageBrand = {
  name: 'local Stripe emulator',
  banner: 'TEST MODE · local Stripe emulator: no real money moves',
  css: `      body { background: #f6f9fc; color: #1a1f36; }
      button { border-radius: 6px; border: 1px solid #635bff; }
      .primary { background: #635bff; color: #fff; }
      .secondary { background: #fff; color: #635bff; }
      .link { color: #697386; }
      .notice.error { color: #df1b41; }
      .session-id { color: #8792a2; font-size: .7rem; word-break: break-all; }`,
};

function layout(title: string, body: string): string {
  return hostedPage(STRIPE_BRAND, title, body);
}
