import type { Lang, Translate } from '../i18n.js';
import { useLang } from '../lang.js';

/** A message said after an action, kept as words to say so that it follows a change of language. */
export type Say = (t: Translate, lang: Lang) => string;

/**
 * A polite live region that is always in the page, so that a message put into it after an action is announced
 * (a region that appears together with its message often is not).
 */
export function Status({ say }: { say: Say | null }) {
  const { t, lang } = useLang();
  return (
    <div role="status" className="status-region">
      {say && <p className="notice">{say(t, lang)}</p>}
    </div>
  );
}
