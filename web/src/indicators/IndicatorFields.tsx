import { useState } from 'react';
import { ApiError } from '../api.js';
import { isMessageKey, type Translate } from '../i18n.js';
import { useLang } from '../lang.js';
import type { StixCandidates } from '../sharing/exchange.api.js';
import { importReason } from '../sharing/importReason.js';
import {
  type Extracted,
  emptyRow,
  INDICATOR_TYPES,
  type IndicatorRow,
  type IndicatorType,
  indicatorsApi,
} from './indicators.api.js';
import { StixImport } from './StixImport.js';
import './indicators.css';

/** Why a value was refused, in the page's language when the code is known; the server's sentence otherwise. */
export function reasonOf(t: Translate, code: string, sentence: string): string {
  const key = `indicators.reason.${code.replace(/^indicators\./, '')}`;
  return isMessageKey(key) ? t(key) : sentence;
}

/** A refusal of one entry by the server: its row and what was said. */
/** An option per indicator type, named in the reader's language. */
export function IndicatorTypeOptions() {
  const { t } = useLang();
  return INDICATOR_TYPES.map((type) => (
    <option key={type} value={type}>
      {t(`indicators.type.${type}`)}
    </option>
  ));
}

export interface IndicatorError {
  entry: number;
  code: string;
  detail: string;
}

/**
 * The report form's indicators: rows of type and value (and a note), and a paste box whose text the server
 * reads for indicators; what it finds is shown for the reporter to choose before it joins the rows.
 */
export function IndicatorFields({
  prefix,
  rows,
  error,
  disabled,
  onChange,
}: {
  prefix: string;
  rows: readonly IndicatorRow[];
  error: IndicatorError | null;
  disabled: boolean;
  onChange: (rows: IndicatorRow[]) => void;
}) {
  const { t } = useLang();
  const [pasted, setPasted] = useState('');
  const [found, setFound] = useState<Extracted | null>(null);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const id = (i: number, part: string) => `${prefix}-indicator-${i}-${part}`;

  const set = (i: number, patch: Partial<IndicatorRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function extract() {
    if (pasted.trim() === '') return;
    setBusy(true);
    setStatus(null);
    try {
      show(await indicatorsApi.extract(pasted));
    } catch (e) {
      setFound(null);
      setStatus(t('indicators.extractFailed', { code: e instanceof ApiError ? e.code : 'network' }));
    } finally {
      setBusy(false);
    }
  }

  /** What the server found (in pasted text or a STIX bundle), all chosen, for the reporter to confirm. */
  function show(answer: Extracted) {
    setFound(answer);
    setChosen(new Set(answer.candidates.map((_, i) => i)));
    setStatus(
      answer.candidates.length > 0
        ? t('indicators.found', { n: answer.candidates.length })
        : t('indicators.none'),
    );
  }
  const fromStix = (answer: StixCandidates) =>
    show({
      candidates: answer.candidates.map((c) => ({
        type: c.type,
        value: c.value,
        display: c.display,
        found: c.from,
      })),
      untyped: answer.notImported.map((n) => ({ text: n.id, code: n.code, reason: n.reason })),
    });

  function addChosen() {
    if (!found) return;
    const added = found.candidates
      .filter((_, i) => chosen.has(i))
      .map((c) => ({ type: c.type as IndicatorType, value: c.display, note: '' }));
    onChange([...rows.filter((r) => r.value.trim() !== ''), ...added]);
    setFound(null);
    setPasted('');
    setStatus(t('indicators.added', { n: added.length }));
  }

  return (
    <fieldset className="indicators" disabled={disabled}>
      <legend>{t('indicators.heading')}</legend>
      <p className="hint">{t('indicators.intro')}</p>
      <ol className="indicator-rows">
        {rows.map((row, i) => {
          const wrong = error?.entry === i;
          const n = i + 1;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place.
            <li key={i} className="indicator-row">
              <label>
                <span>
                  {t('indicators.type')}
                  <span className="visually-hidden"> {t('indicators.row', { n })}</span>
                </span>
                <select
                  id={id(i, 'type')}
                  value={row.type}
                  onChange={(e) => set(i, { type: e.target.value as IndicatorType })}
                >
                  <IndicatorTypeOptions />
                </select>
              </label>
              <label>
                <span>
                  {t('indicators.value')}
                  <span className="visually-hidden"> {t('indicators.row', { n })}</span>
                </span>
                <input
                  id={id(i, 'value')}
                  value={row.value}
                  spellCheck={false}
                  autoCapitalize="off"
                  aria-invalid={wrong || undefined}
                  aria-describedby={wrong ? id(i, 'error') : undefined}
                  onChange={(e) => set(i, { value: e.target.value })}
                />
              </label>
              <label>
                <span>
                  {t('indicators.note')}
                  <span className="visually-hidden"> {t('indicators.row', { n })}</span>
                </span>
                <input
                  id={id(i, 'note')}
                  value={row.note}
                  onChange={(e) => set(i, { note: e.target.value })}
                />
              </label>
              <button type="button" className="link" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                {t('indicators.remove', { n })}
              </button>
              {wrong && (
                <p className="error" id={id(i, 'error')}>
                  {t('indicators.error.entry', {
                    n,
                    code: error.code,
                    reason: reasonOf(t, error.code, error.detail),
                  })}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => onChange([...rows, emptyRow()])}>
        {t('indicators.add')}
      </button>
      <div className="indicator-paste">
        <label htmlFor={`${prefix}-indicator-paste`}>{t('indicators.paste')}</label>
        <p className="hint" id={`${prefix}-indicator-paste-hint`}>
          {t('indicators.pasteHint')}
        </p>
        <textarea
          id={`${prefix}-indicator-paste`}
          rows={4}
          value={pasted}
          aria-describedby={`${prefix}-indicator-paste-hint`}
          onChange={(e) => setPasted(e.target.value)}
        />
        <button type="button" disabled={busy || pasted.trim() === ''} onClick={() => void extract()}>
          {busy ? t('indicators.extracting') : t('indicators.extract')}
        </button>
        <StixImport
          prefix={prefix}
          onFound={fromStix}
          onFailed={(code) => {
            setFound(null);
            setStatus(t('indicators.extractFailed', { code }));
          }}
        />
        <p role="status" className="muted">
          {status}
        </p>
        {found && found.candidates.length > 0 && (
          <fieldset className="indicator-candidates">
            <legend>{t('indicators.found', { n: found.candidates.length })}</legend>
            <ul>
              {found.candidates.map((c, i) => (
                <li key={`${c.type} ${c.value}`}>
                  <label>
                    <input
                      type="checkbox"
                      checked={chosen.has(i)}
                      onChange={(e) => {
                        const next = new Set(chosen);
                        if (e.target.checked) next.add(i);
                        else next.delete(i);
                        setChosen(next);
                      }}
                    />
                    <span className="indicator-type">{t(`indicators.type.${c.type as IndicatorType}`)}</span>{' '}
                    <code>{c.display}</code>
                  </label>
                </li>
              ))}
            </ul>
            <button type="button" disabled={chosen.size === 0} onClick={addChosen}>
              {t('indicators.addChosen')}
            </button>
          </fieldset>
        )}
        {found && found.untyped.length > 0 && (
          <div className="indicator-untyped">
            <h3>{t('indicators.untyped')}</h3>
            <ul>
              {found.untyped.map((u) => (
                <li key={u.text}>
                  <code>{u.text}</code> — {importReason(t, u.code, u.reason)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </fieldset>
  );
}
