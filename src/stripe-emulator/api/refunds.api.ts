import type { RefundFlow } from '../flows/refund-flow';
import { resourceMissing } from './api-errors';
import type { ApiCall, ApiHandler } from './api-endpoint';
import type { Expander } from './expand';
import { listParams, paginate } from './pagination';
import { params, parseParams } from './params';
import type { EmulatorState } from '../state/emulator-state';

const { string, integer, metadata, expand } = params;

const createShape = {
  payment_intent: string(),
  charge: string(),
  amount: integer({ min: 1 }),
  reason: string({ enum: ['duplicate', 'fraudulent', 'requested_by_customer'] }),
  metadata: metadata(),
  expand: expand(),
};

const listShape = { ...listParams, payment_intent: string(), charge: string(), expand: expand() };

export interface RefundsApiDeps {
  state: EmulatorState;
  refunds: RefundFlow;
  expander: Expander;
}

export function refundsApi({ state, refunds, expander }: RefundsApiDeps) {
  return {
    create: (call: ApiCall) => {
      const input = parseParams(createShape, call.input);
      const refund = refunds.create(
        {
          paymentIntent: input.payment_intent,
          charge: input.charge,
          amount: input.amount,
          reason: input.reason,
          metadata: input.metadata ?? {},
        },
        call.request,
      );
      return expander.expand(refund, input.expand);
    },
    retrieve: (call: ApiCall) => {
      const input = parseParams({ expand: expand() }, call.input);
      const record = state.refunds.get(call.path.id);
      if (!record) throw resourceMissing('refund', call.path.id, 'id');
      return expander.expand(record.refund, input.expand);
    },
    list: (call: ApiCall) => {
      const input = parseParams(listShape, call.input);
      const newestFirst = [...state.refunds.values()]
        .map((record) => record.refund)
        .filter((refund) => !input.payment_intent || refund.payment_intent === input.payment_intent)
        .filter((refund) => !input.charge || refund.charge === input.charge)
        .reverse();
      return expander.expand(paginate(newestFirst, input, '/v1/refunds', 'refund'), input.expand);
    },
  } satisfies Record<string, ApiHandler>;
}
