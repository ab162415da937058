import { escapeHtml } from '../checkout-page/checkout-page.html';
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

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)} · local PayPal stand-in</title>
    <style>
      body { font-family: system-ui, sans-serif; background: #f5f7fa; color: #001c64; margin: 0; }
      main { max-width: 32rem; margin: 3rem auto; background: #fff; border-radius: 8px; padding: 2rem;
             box-shadow: 0 2px 8px rgba(0,0,0,.08); }
      .banner { background: #ffde92; color: #5d4200; font-size: .8rem; text-align: center; padding: .35rem; }
      table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
      td, th { padding: .5rem 0; border-bottom: 1px solid #e3e8ee; text-align: left; }
      .amount { text-align: right; white-space: nowrap; }
      tfoot th, tfoot td { font-weight: 600; border-bottom: 0; }
      form { display: grid; gap: .6rem; }
      button { font: inherit; padding: .7rem; border-radius: 24px; border: 1px solid #0070e0; cursor: pointer; }
      .primary { background: #ffc439; border-color: #ffc439; color: #001c64; font-weight: 600; }
      .secondary { background: #fff; color: #0070e0; }
      .link { background: none; border: 0; color: #515354; text-decoration: underline; }
      .notice { color: #d20000; }
      .order-id { color: #8792a2; font-size: .7rem; }
    </style>
  </head>
  <body>
    <div class="banner">SANDBOX · local PayPal stand-in: no real money moves</div>
    <main>
      ${body}
    </main>
  </body>
</html>
`;
}
