import { useEffect, useLayoutEffect, useRef } from 'react';

/**
 * Puts the focus in a screen's first field when the screen opens, and keeps it there through the opening.
 *
 * The frame moves the focus to <main> after a navigation (a start for screen readers), in a layout effect of
 * the commit that mounts the screen — a parent's layout effects run after its children's, so that move comes
 * after ours. Within that one commit a focus given to <main> is handed on to the field; the passive effect,
 * which runs once every layout effect of the commit has, ends the hand-over. Later renders (live updates, a
 * restored draft, a language switch) move nothing. The page is not scrolled: the field must be in view as laid out.
 */
export function useFocusOnOpen(id: string): void {
  const release = useRef<(() => void) | null>(null);
  useLayoutEffect(() => {
    const focus = () => document.getElementById(id)?.focus({ preventScroll: true });
    focus();
    const main = document.getElementById(id)?.closest('main');
    main?.addEventListener('focus', focus);
    release.current = () => main?.removeEventListener('focus', focus);
    return () => release.current?.();
  }, [id]);
  useEffect(() => {
    release.current?.();
    release.current = null;
  }, []);
}
