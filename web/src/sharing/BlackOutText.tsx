import { useRef, useState } from 'react';
import { useLang } from '../lang.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { blackOut } from './stricter.js';

/**
 * A text a consenting body may only take away from: it is read-only, and the selected part is replaced by the
 * mark ■■■ (the one change the server accepts besides deleting; see blackOut). Selecting works with the
 * keyboard (Shift and the arrows) as with the mouse; "undo" gives back the text as asked.
 */
export function BlackOutText({
  id,
  label,
  value,
  original,
  rows,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  original: string;
  rows: number;
  onChange: (text: string) => void;
}) {
  const { t } = useLang();
  const ref = useRef<HTMLTextAreaElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const [hint, setHint] = useState<string | null>(null);
  function blackOutSelection() {
    const area = ref.current;
    const done = area && blackOut(value, area.selectionStart, area.selectionEnd);
    if (!area || !done) {
      setHint(t('consent.blackOut.select'));
      return;
    }
    onChange(done.text);
    setHint(t('consent.blackOut.done'));
    // A textarea keeps its selection when it takes the focus: the part just blacked out stays selected.
    focusAfterRender(() => {
      area.setSelectionRange(done.from, done.to);
      return area;
    });
  }
  return (
    <div className="field blackout">
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="hint">
        {t('consent.blackOut.hint')}
      </p>
      <textarea id={id} ref={ref} readOnly rows={rows} value={value} aria-describedby={`${id}-hint`} />
      <div className="actions">
        <button type="button" onClick={blackOutSelection}>
          {t('consent.blackOut.apply', { field: label })}
        </button>
        <button type="button" disabled={value === original} onClick={() => onChange(original)}>
          {t('consent.blackOut.undo', { field: label })}
        </button>
      </div>
      <p className="hint" role="status">
        {hint}
      </p>
    </div>
  );
}
