import { useState } from 'react';
import { formatDateTime } from '../format.js';
import type { Translate } from '../i18n.js';
import { useLang } from '../lang.js';
import { adminApi, type ChainCheck as Result } from './admin.api.js';
import { problemText } from './problems.js';

type State =
  | { name: 'idle' }
  | { name: 'checking' }
  | { name: 'done'; result: Result; at: string }
  | { name: 'failed'; error: unknown };

/**
 * The audit log's hash chain, verified on request (it reads every row, so not on every visit) against its
 * newest signed anchor: either no row was changed, removed, slipped in or cut from the end, or the first row
 * or anchor where it breaks.
 */
export function ChainCheck() {
  const { t, lang } = useLang();
  const [state, setState] = useState<State>({ name: 'idle' });

  async function verify() {
    setState({ name: 'checking' });
    try {
      const result = await adminApi.verifyAudit();
      setState({ name: 'done', result, at: new Date().toISOString() });
    } catch (error) {
      setState({ name: 'failed', error });
    }
  }

  return (
    <section aria-labelledby="chain-heading" className="card chain">
      <h2 id="chain-heading">{t('audit.chain.heading')}</h2>
      <p className="muted">{t('audit.chain.intro')}</p>
      <div role="status" data-testid="chain-status">
        {state.name === 'idle' && <p>{t('audit.chain.notYet')}</p>}
        {state.name === 'checking' && <p>{t('audit.chain.checking')}</p>}
        {state.name === 'done' && state.result.ok && (
          <>
            <p className="chain-ok">
              <strong>{t('audit.chain.ok')}</strong>{' '}
              {t('audit.chain.okDetail', { rows: state.result.rows, at: formatDateTime(state.at, lang) })}
            </p>
            <p data-testid="chain-anchor">
              {state.result.anchor
                ? t('audit.chain.anchored', {
                    n: state.result.anchor.n,
                    seq: state.result.anchor.seq,
                    at: formatDateTime(state.result.anchor.at, lang),
                    unanchored: state.result.unanchoredRows,
                  })
                : t('audit.chain.noAnchor')}
            </p>
            {state.result.warnings.length > 0 && (
              <div className="chain-warnings">
                <p>{t('audit.chain.warnings')}</p>
                <ul lang="en">
                  {state.result.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </div>
            )}
          </>
        )}
      </div>
      {state.name === 'done' && !state.result.ok && (
        <div className="error" role="alert">
          <p>
            <strong>{brokenText(t, state.result)}</strong>
          </p>
          <p lang="en">{state.result.problem}</p>
        </div>
      )}
      {state.name === 'failed' && (
        <p className="error" role="alert">
          {problemText(t, state.error)}
        </p>
      )}
      <button type="button" onClick={verify} disabled={state.name === 'checking'}>
        {t('audit.chain.verify')}
      </button>
    </section>
  );
}

/** Where the check failed: a row, a row against an anchor, or an anchor itself. */
function brokenText(t: Translate, r: { seq: number | null; anchor: number | null }): string {
  if (r.seq !== null && r.anchor !== null)
    return t('audit.chain.brokenRowAnchor', { seq: r.seq, anchor: r.anchor });
  if (r.seq !== null) return t('audit.chain.broken', { seq: r.seq });
  return t('audit.chain.brokenAnchor', { anchor: r.anchor ?? '?' });
}
