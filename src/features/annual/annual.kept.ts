// A draft's numbers are computed from the data as it stands, by passes over a year of incidents that cost seconds
// at 10⁶. Their results are kept with the data version they were computed at (annualRepository.dataVersion), and
// reused while the version stands: reading a draft again, its PDF, its XLSX. Any commit that writes what the passes
// read moves the version, and the next read computes them again.
//
// The version is read before the passes, so that a commit between the two leaves the kept results older than the
// version that follows it (computed again, never stale). Only reads outside a transaction keep or reuse: inside
// one, the version counts the transaction's own writes, which a rollback takes back.

/** Kept pass results, by what they were computed for (fiscal year, zone, reader, ministries). */
export interface KeptPasses {
  get<T>(key: string, version: number): T | undefined;
  set<T>(key: string, version: number, value: T): void;
}

/** A few fiscal years' pass results, the latest first (one process's; each node keeps its own). */
export function keptPasses(limit = 4): KeptPasses {
  const kept = new Map<string, { version: number; value: unknown }>();
  return {
    get<T>(key: string, version: number) {
      const k = kept.get(key);
      return k && k.version === version ? (k.value as T) : undefined;
    },
    set(key, version, value) {
      kept.delete(key);
      kept.set(key, { version, value });
      while (kept.size > limit) kept.delete(kept.keys().next().value as string);
    },
  };
}
