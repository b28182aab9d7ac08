/** A route's query: the named parameters it reads, each a string when present; other parameters are dropped. */
export const searchOf =
  <K extends string>(keys: readonly K[]) =>
  (raw: Record<string, unknown>): Partial<Record<K, string>> => {
    const search: Partial<Record<K, string>> = {};
    for (const key of keys) {
      const value = raw[key];
      if (typeof value === 'string') search[key] = value;
    }
    return search;
  };
