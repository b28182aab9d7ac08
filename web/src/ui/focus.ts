import { useCallback, useLayoutEffect, useReducer, useRef } from 'react';

type Target = () => HTMLElement | null | undefined;

/**
 * Moves the focus once the screen shows the state set beside the call: `focusAfterRender(() => ref.current)`.
 *
 * Focus asked for in an event handler cannot land yet: the element it names may not exist or not carry its new
 * state until React commits. `requestAnimationFrame` is no promise either — a frame may be painted before React's
 * scheduled render commits (the focus then goes to the old DOM or nowhere), and a background or occluded tab runs
 * no frames at all. A layout effect runs after the commit that carries the state set in the same batch, always.
 */
export function useFocusAfterRender(): (target: Target) => void {
  const pending = useRef<Target | null>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useLayoutEffect(() => {
    const target = pending.current;
    if (!target) return;
    pending.current = null;
    target()?.focus();
  });
  return useCallback((target: Target) => {
    pending.current = target;
    rerender();
  }, []);
}

/** The first field of a form that is marked in error, for `focusAfterRender`. */
export const firstInvalid =
  (form: { current: HTMLFormElement | null }): Target =>
  () =>
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
