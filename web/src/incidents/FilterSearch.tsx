import { type Ref, type RefObject, useEffect, useEffectEvent, useRef, useState } from 'react';
import { useLang } from '../lang.js';

const SEARCH_DELAY_MS = 300;

/** Sends the typed term unless it is the one sent last. */
function commit(sent: RefObject<string>, typed: string, send: (q: string) => void) {
  const next = typed.trim();
  if (next === sent.current) return;
  sent.current = next;
  send(next);
}

/**
 * The search box: what is typed reaches the address (and the list) once typing pauses, or at once on Enter.
 * Japanese works as typed: the server matches 3+ characters by full text and shorter terms by substring.
 */
export function FilterSearch({
  q,
  onSearch,
  inputRef,
}: {
  q: string;
  onSearch: (q: string) => void;
  inputRef: Ref<HTMLInputElement>;
}) {
  const { t } = useLang();
  const [typed, setTyped] = useState(q);
  // The term last sent to the address; a different `q` came from elsewhere (back button, clearing).
  const sent = useRef(q);
  const search = useEffectEvent(onSearch);

  useEffect(() => {
    if (q === sent.current) return;
    sent.current = q;
    setTyped(q);
  }, [q]);

  useEffect(() => {
    const timer = setTimeout(() => commit(sent, typed, search), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  return (
    <div className="search">
      <label htmlFor="incident-search">{t('list.search')}</label>
      <input
        id="incident-search"
        type="search"
        value={typed}
        ref={inputRef}
        autoComplete="off"
        aria-describedby="incident-search-hint"
        onChange={(e) => setTyped(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit(sent, typed, onSearch);
          }
        }}
      />
      <small id="incident-search-hint" className="muted">
        {t('list.searchHint')}
      </small>
    </div>
  );
}
