import type { ServerResponse } from 'node:http';
import { StripeApiError } from '../api/api-errors';
import type { CheckoutFlow } from '../flows/checkout-flow';
import { parseForm } from '../http/form-parser';
import { readBody, redirect, sendHtml } from '../http/http-io';
import type { Route, RouteContext } from '../http/router';
import type { EmulatorState, SessionRecord } from '../state/emulator-state';
import { CARD_DECLINED } from '../objects/charge.object';
import { Notice, PAGE_BUTTONS, PageAction, renderCheckoutPage, renderStatusPage } from './checkout-page.html';

/** Where the page lives, like Stripe's `https://checkout.stripe.com/c/pay/cs_test_...`. */
export const CHECKOUT_PAGE_PATH = '/c/pay';

export interface CheckoutPageDeps {
  state: EmulatorState;
  checkout: CheckoutFlow;
}

/**
 * The hosted payment page. Its buttons post back here; what follows mirrors Stripe Checkout:
 * Pay / Pay later redirect (303) to `success_url` with `{CHECKOUT_SESSION_ID}` filled in,
 * Decline stays on the page with the card error, Cancel goes to `cancel_url` and leaves the
 * session open (the customer may come back until it expires).
 */
export function checkoutPageRoutes({ state, checkout }: CheckoutPageDeps): Route[] {
  // Nothing to wait for here, but a route answers with a promise.
  const show = ({ res, params }: RouteContext): Promise<void> => {
    const record = state.sessions.get(params.id);
    if (!record) notFound(res);
    else if (record.session.status !== 'open') showClosed(res, record, 200);
    else sendHtml(res, 200, page(record));
    return Promise.resolve();
  };

  const submit = async ({ req, res, params }: RouteContext) => {
    const record = state.sessions.get(params.id);
    if (!record) return notFound(res);
    const action = parseForm(await readBody(req)).action;
    if (!isPageAction(action)) {
      return sendHtml(res, 400, page(record, { kind: 'error', text: 'Unknown action.' }));
    }
    try {
      pageActions[action](res, record);
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      showClosed(res, record, 409);
    }
  };

  const pageActions: Record<PageAction, (res: ServerResponse, record: SessionRecord) => void> = {
    pay: (res, record) => {
      checkout.pay(record.session.id);
      finish(res, record);
    },
    pay_later: (res, record) => {
      checkout.payLater(record.session.id);
      finish(res, record);
    },
    decline: (res, record) => {
      checkout.decline(record.session.id);
      sendHtml(
        res,
        402,
        page(record, { kind: 'error', text: `${CARD_DECLINED.message} Try again or use another card.` }),
      );
    },
    cancel: (res, record) => {
      if (record.session.status !== 'open') return showClosed(res, record, 409);
      if (record.session.cancel_url) return redirect(res, record.session.cancel_url);
      sendHtml(res, 200, page(record, { kind: 'info', text: 'This checkout has no cancel_url to return to.' }));
    },
  };

  return [
    { method: 'GET', path: `${CHECKOUT_PAGE_PATH}/:id`, handle: show },
    { method: 'POST', path: `${CHECKOUT_PAGE_PATH}/:id`, handle: submit },
  ];
}

function page(record: SessionRecord, notice?: Notice): string {
  return renderCheckoutPage({
    session: record.session,
    lineItems: record.lineItems,
    // The page's own address, so the form still works when served behind publicUrl's prefix.
    formAction: record.session.url ?? '',
    notice,
  });
}

function finish(res: ServerResponse, record: SessionRecord): void {
  const successUrl = record.session.success_url;
  if (successUrl) return redirect(res, successUrl.split('{CHECKOUT_SESSION_ID}').join(record.session.id));
  sendHtml(res, 200, renderStatusPage('Thanks for your order', 'Your payment was received.'));
}

function showClosed(res: ServerResponse, record: SessionRecord, statusCode: number): void {
  const { status, payment_status: paymentStatus } = record.session;
  const message =
    status === 'expired'
      ? 'This checkout session has expired. Return to the shop to start again.'
      : paymentStatus === 'paid'
        ? 'This checkout session is complete: the payment was received.'
        : 'This checkout session is complete: the payment is being processed.';
  sendHtml(res, statusCode, renderStatusPage('Checkout closed', message));
}

function notFound(res: ServerResponse): void {
  sendHtml(res, 404, renderStatusPage('Not found', 'There is no checkout session at this address.'));
}

function isPageAction(value: unknown): value is PageAction {
  return PAGE_BUTTONS.some((button) => button.value === value);
}
