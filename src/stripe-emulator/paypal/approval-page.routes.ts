import { parseForm } from '../http/form-parser';
import { readBody, redirect, sendHtml } from '../http/http-io';
import type { Route, RouteContext } from '../http/router';
import { isApprovalAction, renderApprovalPage, renderStatus } from './approval-page.html';
import { PayPalApiError } from './paypal-errors';
import { APPROVAL_PAGE_PATH, PayPalUrls } from './paypal-objects';
import type { PayPalOrdersFlow } from './paypal-orders.flow';
import type { ApprovalOutcome, OrderRecord, PayPalState } from './paypal-state';

const OUTCOMES: Record<string, ApprovalOutcome> = {
  approve: 'complete',
  approve_pending: 'pending',
  approve_denied: 'denied',
};

/**
 * The buyer's approval page, at PayPal's `/checkoutnow?token=<order id>`. Approving redirects
 * to `return_url?token=<order id>&PayerID=<payer id>` and cancelling to `cancel_url?token=...`,
 * as PayPal does; the merchant then captures. Cancelling leaves the order as it was (PayPal
 * does not void it: it expires unapproved).
 */
export function approvalPageRoutes(state: PayPalState, orders: PayPalOrdersFlow, urls: PayPalUrls): Route[] {
  const formAction = (order: OrderRecord) => `${urls.web()}${APPROVAL_PAGE_PATH}?token=${order.id}`;

  const show = ({ res, url }: RouteContext): Promise<void> => {
    const order = state.orders.get(url.searchParams.get('token') ?? '');
    if (!order) sendHtml(res, 404, renderStatus('Not found', 'There is no PayPal order for this token.'));
    else if (!awaitingApproval(order)) sendHtml(res, 200, closed(order));
    else sendHtml(res, 200, renderApprovalPage(order, formAction(order)));
    return Promise.resolve();
  };

  const submit = async ({ req, res, url }: RouteContext) => {
    const order = state.orders.get(url.searchParams.get('token') ?? '');
    const action = parseForm(await readBody(req)).action;
    if (!order) return sendHtml(res, 404, renderStatus('Not found', 'There is no PayPal order for this token.'));
    if (!isApprovalAction(action))
      return sendHtml(res, 400, renderApprovalPage(order, formAction(order), 'Unknown action.'));
    if (!awaitingApproval(order)) return sendHtml(res, 409, closed(order));
    if (action === 'cancel') {
      if (!order.cancelUrl)
        return sendHtml(res, 200, renderStatus('Cancelled', 'This order has no cancel_url to return to.'));
      return redirect(res, withQuery(order.cancelUrl, { token: order.id }));
    }
    try {
      orders.approve(order.id, OUTCOMES[action]);
    } catch (error) {
      if (!(error instanceof PayPalApiError)) throw error;
      return sendHtml(res, 409, closed(order));
    }
    if (!order.returnUrl)
      return sendHtml(res, 200, renderStatus('Approved', 'The merchant can capture the payment now.'));
    redirect(res, withQuery(order.returnUrl, { token: order.id, PayerID: order.payerId ?? '' }));
  };

  return [
    { method: 'GET', path: APPROVAL_PAGE_PATH, handle: show },
    { method: 'POST', path: APPROVAL_PAGE_PATH, handle: submit },
  ];
}

function awaitingApproval(order: OrderRecord): boolean {
  return order.status === 'CREATED' || order.status === 'PAYER_ACTION_REQUIRED';
}

function closed(order: OrderRecord): string {
  return renderStatus('Order closed', `This order is ${order.status.toLowerCase()}: there is nothing left to approve.`);
}

/** Adds PayPal's parameters to the merchant's URL, keeping the query it already has. */
function withQuery(target: string, params: Record<string, string>): string {
  const url = new URL(target);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}
