import { Expandable, idOf } from '../support/ids';

/** The id a test expects a reference to hold: a null fails here rather than as "No such object: 'null'". */
export function referencedId(field: Expandable | null): string {
  const id = idOf(field);
  if (id === null) throw new Error('Expected a Stripe reference, found null');
  return id;
}
