import { useRef } from 'react';
import { INDICATOR_TYPES, type IndicatorType } from '../../../src/features/sharing/sharing.terms.js';
import { useLang } from '../lang.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { emptyIndicator, type IndicatorRow } from './composer.values.js';
import { useIndicatorLabel } from './ShareBody.js';

/**
 * The indicators (IoC) as rows of type, value and description, each a group named by its number, so that a
 * screen reader says which row a field or a remove button belongs to. Adding a row moves the focus into it;
 * removing one gives the focus to the add button.
 */
export function IndicatorRows({
  rows,
  error,
  onChange,
}: {
  rows: IndicatorRow[];
  error: string | undefined;
  onChange: (rows: IndicatorRow[]) => void;
}) {
  const { t } = useLang();
  const label = useIndicatorLabel();
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const update = (key: number, patch: Partial<IndicatorRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const add = () => {
    const row = emptyIndicator();
    onChange([...rows, row]);
    focusAfterRender(() => document.getElementById(`indicator-${row.key}-value`));
  };
  const remove = (key: number) => {
    onChange(rows.filter((row) => row.key !== key));
    addButton.current?.focus();
  };
  return (
    <fieldset
      id="share-indicators"
      className="rows"
      aria-describedby={error ? 'share-indicators-error' : undefined}
      tabIndex={-1}
    >
      <legend>{t('share.indicators')}</legend>
      {error && (
        <p id="share-indicators-error" className="field-error">
          {error}
        </p>
      )}
      {rows.length === 0 && <p className="hint">{t('compose.indicators.none')}</p>}
      {rows.map((row, i) => {
        const id = (part: string) => `indicator-${row.key}-${part}`;
        return (
          <fieldset key={row.key} className="row indicator-row">
            <legend>{t('compose.indicators.row', { n: i + 1 })}</legend>
            <div className="field">
              <label htmlFor={id('type')}>{t('share.indicator.type')}</label>
              <select
                id={id('type')}
                value={row.type}
                onChange={(e) => update(row.key, { type: e.target.value as IndicatorType })}
              >
                {INDICATOR_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {label(type)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={id('value')}>{t('share.indicator.value')}</label>
              <input
                id={id('value')}
                className="mono"
                value={row.value}
                onChange={(e) => update(row.key, { value: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={id('description')}>{t('share.indicator.description')}</label>
              <input
                id={id('description')}
                value={row.description}
                onChange={(e) => update(row.key, { description: e.target.value })}
              />
            </div>
            <button type="button" className="remove" onClick={() => remove(row.key)}>
              {t('compose.indicators.remove', { n: i + 1 })}
            </button>
          </fieldset>
        );
      })}
      <button type="button" ref={addButton} onClick={add}>
        {t('compose.indicators.add')}
      </button>
    </fieldset>
  );
}
