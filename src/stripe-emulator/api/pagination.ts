import { paramErrors, resourceMissing } from './api-errors';
import { params } from './params';

/** Stripe's cursor parameters, shared by every list endpoint. */
export const listParams = {
  limit: params.integer({ min: 1, max: 100 }),
  starting_after: params.string(),
  ending_before: params.string(),
};

export interface ListPage<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** Pages through `newestFirst` the way Stripe's cursors do (default limit 10). */
export function paginate<T extends { id: string }>(
  newestFirst: T[],
  cursor: { limit?: number; starting_after?: string; ending_before?: string },
  url: string,
  objectName: string,
): ListPage<T> {
  const limit = cursor.limit ?? 10;
  if (cursor.starting_after && cursor.ending_before) {
    throw paramErrors.invalid(
      'ending_before',
      'You may only specify one of these parameters: ending_before, starting_after.',
      'parameters_exclusive',
    );
  }
  const indexOf = (id: string, param: string) => {
    const index = newestFirst.findIndex((item) => item.id === id);
    if (index === -1) throw resourceMissing(objectName, id, param, 400);
    return index;
  };
  if (cursor.ending_before) {
    const end = indexOf(cursor.ending_before, 'ending_before');
    const start = Math.max(0, end - limit);
    return { object: 'list', data: newestFirst.slice(start, end), has_more: start > 0, url };
  }
  const start = cursor.starting_after ? indexOf(cursor.starting_after, 'starting_after') + 1 : 0;
  return {
    object: 'list',
    data: newestFirst.slice(start, start + limit),
    has_more: start + limit < newestFirst.length,
    url,
  };
}
