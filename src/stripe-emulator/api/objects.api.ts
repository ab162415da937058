import { find } from '../flows/flow-context';
import type { EmulatorState } from '../state/emulator-state';
import { resourceMissing } from './api-errors';
import type { ApiCall, ApiHandler } from './api-endpoint';
import type { Expander } from './expand';
import { params, parseParams } from './params';

const retrieveShape = { expand: params.expand() };

/** Read-only endpoints for the objects the checkout and refund flows create. */
export function objectsApi(state: EmulatorState, expander: Expander) {
  const retrieve = (lookup: (id: string) => object) => (call: ApiCall) =>
    expander.expand(lookup(call.path.id), parseParams(retrieveShape, call.input).expand);
  return {
    paymentIntent: retrieve((id) => find.paymentIntent(state, id)),
    charge: retrieve((id) => find.charge(state, id)),
    dispute: retrieve((id) => {
      const dispute = state.disputes.get(id);
      if (!dispute) throw resourceMissing('dispute', id, 'id');
      return dispute;
    }),
    event: (call: ApiCall) => {
      parseParams({}, call.input);
      const event = state.events.get(call.path.id);
      if (!event) throw resourceMissing('event', call.path.id, 'id');
      return event;
    },
  } satisfies Record<string, ApiHandler>;
}
