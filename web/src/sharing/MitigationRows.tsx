import { useRef } from 'react';
import { useLang } from '../lang.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { rowKey } from './composer.values.js';

type Row = { key: number; text: string };

/** The mitigations, one text each, in the order recipients should apply them; rows added and removed. */
export function MitigationRows({
  rows,
  error,
  onChange,
}: {
  rows: Row[];
  error: string | undefined;
  onChange: (rows: Row[]) => void;
}) {
  const { t } = useLang();
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const add = () => {
    const row = { key: rowKey(), text: '' };
    onChange([...rows, row]);
    focusAfterRender(() => document.getElementById(`mitigation-${row.key}`));
  };
  const remove = (key: number) => {
    onChange(rows.filter((row) => row.key !== key));
    addButton.current?.focus();
  };
  return (
    <fieldset
      id="share-mitigations"
      className="rows"
      aria-describedby={error ? 'share-mitigations-error' : undefined}
      tabIndex={-1}
    >
      <legend>{t('share.mitigations')}</legend>
      {error && (
        <p id="share-mitigations-error" className="field-error">
          {error}
        </p>
      )}
      {rows.length === 0 && <p className="hint">{t('compose.mitigations.none')}</p>}
      {rows.map((row, i) => (
        <div key={row.key} className="row mitigation-row">
          <div className="field">
            <label htmlFor={`mitigation-${row.key}`}>{t('compose.mitigations.row', { n: i + 1 })}</label>
            <textarea
              id={`mitigation-${row.key}`}
              rows={2}
              value={row.text}
              onChange={(e) =>
                onChange(rows.map((r) => (r.key === row.key ? { ...r, text: e.target.value } : r)))
              }
            />
          </div>
          <button type="button" className="remove" onClick={() => remove(row.key)}>
            {t('compose.mitigations.remove', { n: i + 1 })}
          </button>
        </div>
      ))}
      <button type="button" ref={addButton} onClick={add}>
        {t('compose.mitigations.add')}
      </button>
    </fieldset>
  );
}
