import { type DependencyList, useCallback, useEffect, useState } from 'react';

export interface Resource<T> {
  data: T | null;
  error: unknown;
  /** Loads again in place (after a change), keeping what is shown until the answer comes. */
  reload: () => void;
}

/** Loads something from the API while the screen is shown; a newer load cancels the one before it. */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on.
  useEffect(() => {
    const abort = new AbortController();
    load(abort.signal).then(
      (found) => {
        setData(found);
        setError(null);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e);
      },
    );
    return () => abort.abort();
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, reload };
}
