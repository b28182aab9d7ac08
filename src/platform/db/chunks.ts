import type { DeleteResult } from 'kysely';

/** Most values one statement binds in an `in` list: far below SQLite's and PostgreSQL's parameter limits. */
export const IN_LIST_MAX = 300;

/** Deletes by `remove` over the values in lists of at most IN_LIST_MAX each; the number of rows deleted. */
export async function deleteInChunks<T>(
  values: readonly T[],
  remove: (chunk: T[]) => Promise<DeleteResult>,
): Promise<number> {
  let n = 0;
  for (let i = 0; i < values.length; i += IN_LIST_MAX)
    n += Number((await remove(values.slice(i, i + IN_LIST_MAX))).numDeletedRows);
  return n;
}
