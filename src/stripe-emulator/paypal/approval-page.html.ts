import { escapeHtml, hostedPage, type PageBrand } from '../support/hosted-page';
import { formatMoney, parseMoney } from './paypal-money';
import type { OrderRecord } from './paypal-state';

/** The buyer's choices; `value` is what the form posts as `action`. */
export const APPROVAL_BUTTONS = [
  { value: 'approve', label: 'Approve', style: 'primary' },
  { value: 'approve_pending', label: 'Approve: capture pending (eCheck, settles later)', style: 'secondary' },
  { value: 'approve_denied', label: 'Approve: capture denied', style: 'secondary' },
  { value: 'cancel', label: 'Cancel and return to merchant', style: 'link' },
] as const;

export type ApprovalAction = (typeof APPROVAL_BUTTONS)[number]['value'];

export function isApprovalAction(value: unknown): value is ApprovalAction {
  return APPROVAL_BUTTONS.some((button) => button.value === value);
}

export function renderApprovalPage(order: OrderRecord, formAction: string, notice?: string): string {
  const { unit } = order;
  const rows = (unit.items ?? [])
    .map((item) => {
      const quantity = Number(item.quantity ?? 1);
      const price = safeMoney(item.unit_amount);
      return `<tr data-testid="line-item">
          <td class="name">${escapeHtml(String((item.name as string | undefined) ?? ''))}</td>
          <td class="qty">${quantity} &times; ${escapeHtml(price ? formatMoney(price.minor, price.currency) : '')}</td>
          <td class="amount">${escapeHtml(price ? formatMoney(price.minor * quantity, price.currency) : '')}</td>
        </tr>`;
    })
    .join('\n');
  // Without items PayPal shows the unit's description as the one line.
  const fallback = unit.description
    ? `<tr data-testid="line-item"><td class="name" colspan="2">${escapeHtml(unit.description)}</td><td></td></tr>`
    : '';
  const buttons = APPROVAL_BUTTONS.map(
    (button) =>
      `<button type="submit" name="action" value="${button.value}" class="${button.style}">${escapeHtml(button.label)}</button>`,
  ).join('\n        ');
  const merchant = order.brandName ? `<p class="merchant">Pay <strong>${escapeHtml(order.brandName)}</strong></p>` : '';
  return layout(
    'Pay with PayPal',
    `<h1>Pay with PayPal</h1>
      ${merchant}
      <p class="email">Logged in as <strong>sb-buyer@personal.example.com</strong></p>
      <table>
        <tbody>
        ${rows || fallback}
        </tbody>
        <tfoot>
          <tr><th colspan="2">Total</th><td class="amount" data-testid="total">${escapeHtml(formatMoney(unit.minor, unit.currency))}</td></tr>
        </tfoot>
      </table>
      ${notice ? `<p class="notice" role="alert">${escapeHtml(notice)}</p>` : ''}
      <form method="post" action="${escapeHtml(formAction)}">
        ${buttons}
      </form>
      <p class="order-id">${escapeHtml(order.id)}</p>`,
  );
}

export function renderStatus(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n      <p role="status">${escapeHtml(message)}</p>`);
}

function safeMoney(input: unknown): { minor: number; currency: string } | undefined {
  try {
    return parseMoney(input, 'unit_amount', { allowZero: true });
  } catch {
    return undefined;
  }
}

const PAYPAL_BRAND: PageBrand = {
  name: 'local PayPal stand-in',
  banner: 'SANDBOX · local PayPal stand-in: no real money moves',
  css: `      body { background: #f5f7fa; color: #001c64; }
      button { border-radius: 24px; border: 1px solid #0070e0; }
      .primary { background: #ffc439; border-color: #ffc439; color: #001c64; font-weight: 600; }
      .secondary { background: #fff; color: #0070e0; }
      .link { color: #515354; }
      .notice { color: #d20000; }
      .order-id { color: #8792a2; font-size: .7rem; }`,
};

function layout(title: string, body: string): string {
  return hostedPage(PAYPAL_BRAND, title, body);
}
