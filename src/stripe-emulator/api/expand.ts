import type Stripe from 'stripe';
import type { EmulatorState } from '../state/emulator-state';
import { paramErrors } from './api-errors';
import type { ListPage } from './pagination';

type Resolver = (node: Record<string, unknown>) => object | undefined;

export function lineItemsList(sessionId: string, items: Stripe.LineItem[]): ListPage<Stripe.LineItem> {
  return { object: 'list', data: items, has_more: false, url: `/v1/checkout/sessions/${sessionId}/line_items` };
}

/**
 * Stripe's `expand[]`: replaces an id (or, for a session's `line_items`, an absent field) by the
 * object itself, on a copy of the answer. Dotted paths expand further (`payment_intent.latest_charge`);
 * on list answers paths start with `data.`. Paths the emulator cannot expand are refused, as
 * Stripe refuses fields that are not expandable.
 */
export class Expander {
  private readonly resolvers: Record<string, Record<string, Resolver>>;

  constructor(state: EmulatorState) {
    const byId =
      <T extends object>(map: Map<string, T>, field: string): Resolver =>
      (node) =>
        typeof node[field] === 'string' ? map.get(node[field]) : undefined;
    this.resolvers = {
      'checkout.session': {
        payment_intent: byId(state.paymentIntents, 'payment_intent'),
        line_items: (node) => {
          const record = state.sessions.get(String(node.id));
          return record && lineItemsList(record.session.id, record.lineItems);
        },
      },
      payment_intent: { latest_charge: byId(state.charges, 'latest_charge') },
      charge: { payment_intent: byId(state.paymentIntents, 'payment_intent') },
      refund: { charge: byId(state.charges, 'charge'), payment_intent: byId(state.paymentIntents, 'payment_intent') },
      dispute: { charge: byId(state.charges, 'charge'), payment_intent: byId(state.paymentIntents, 'payment_intent') },
    };
  }

  expand<T extends object>(answer: T, paths: readonly string[] | undefined): T {
    if (!paths?.length) return answer;
    const copy = structuredClone(answer) as unknown as Record<string, unknown>;
    paths.forEach((path, index) => this.walk(copy, path.split('.'), `expand[${index}]`));
    return copy as unknown as T;
  }

  private walk(node: Record<string, unknown>, [field, ...rest]: string[], param: string): void {
    if (node.object === 'list' && field === 'data' && Array.isArray(node.data)) {
      for (const item of node.data as Record<string, unknown>[]) this.walk(item, rest, param);
      return;
    }
    const resolve = this.resolvers[String(node.object)]?.[field];
    if (!resolve) throw paramErrors.invalid(param, `This property cannot be expanded (${field}).`);
    if (node[field] === null) return; // Stripe leaves a null reference null
    if (typeof node[field] !== 'object') {
      const target = resolve(node);
      node[field] = target === undefined ? node[field] : structuredClone(target);
    }
    const next = node[field];
    if (rest.length > 0 && typeof next === 'object' && next !== null) {
      this.walk(next as Record<string, unknown>, rest, param);
    }
  }
}
