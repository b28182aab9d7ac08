import type { ReactNode } from 'react';
import { formatDateTime } from '../format.js';
import { useLang } from '../lang.js';

/** When a body answered and, when known, how (`via` comes translated and punctuated); `none` until then. */
export function AnsweredAt({ at, via, none }: { at: string | null; via: string; none: ReactNode }) {
  const { lang } = useLang();
  if (!at) return <>{none}</>;
  return (
    <>
      <time dateTime={at}>{formatDateTime(at, lang)}</time>
      {via}
    </>
  );
}
