import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { ApiError } from '../api.js';
import { useLang } from '../lang.js';
import { followLink, sharePath } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { exchangeApi, type Imported, type ImportFormat, type Offender } from './exchange.api.js';
import { importReason } from './importReason.js';

/**
 * ファイルから下書きを作成 (the center): a STIX 2.1 bundle or a MISP event becomes a draft share that nobody
 * receives; the answer links to the draft and lists what was not imported, or — a file that breaks its format —
 * every offending object, nothing having been imported.
 */
export function ShareImport({ navigate }: Pick<ScreenProps, 'navigate'>) {
  const { t } = useLang();
  const client = useQueryClient();
  const ids = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [format, setFormat] = useState<ImportFormat>('stix');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Imported | null>(null);
  const [problem, setProblem] = useState<{ text: string; offenders: Offender[] } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    setDone(null);
    if (!file) {
      setProblem({ text: t('exchange.import.noFile'), offenders: [] });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const answer = await exchangeApi.importShare(format, file);
      setDone(answer);
      await client.invalidateQueries({ queryKey: ['shares'] });
    } catch (e) {
      const offenders =
        e instanceof ApiError && Array.isArray(e.extra.offenders) ? (e.extra.offenders as Offender[]) : [];
      const count = e instanceof ApiError ? Number(e.extra.offenderCount ?? offenders.length) : 0;
      setProblem({
        text: /^imports\.invalid_/.test(e instanceof ApiError ? e.code : '')
          ? t('exchange.import.invalid', { n: count })
          : t('exchange.import.failed', { code: e instanceof ApiError ? e.code : 'network' }),
        offenders,
      });
    } finally {
      setBusy(false);
    }
  }

  const path = done ? sharePath(done.share.id) : '';
  return (
    <section aria-labelledby={`${ids}-heading`} className="card share-import">
      <h2 id={`${ids}-heading`}>{t('exchange.import.heading')}</h2>
      <p className="muted">{t('exchange.import.intro')}</p>
      <form onSubmit={submit} className="share-import-form">
        <label>
          <span>{t('exchange.import.format')}</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as ImportFormat)}>
            <option value="stix">{t('exchange.import.format.stix')}</option>
            <option value="misp">{t('exchange.import.format.misp')}</option>
          </select>
        </label>
        <label>
          <span>{t('exchange.import.file')}</span>
          <input ref={fileInput} type="file" accept=".json,application/json,application/stix+json" />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? t('exchange.import.busy') : t('exchange.import.submit')}
        </button>
      </form>
      <div role="status" className="status-region">
        {done && (
          <>
            <p className="notice">
              {t(done.created ? 'exchange.import.created' : 'exchange.import.existing')}
            </p>
            <p>
              <a href={path} onClick={followLink(navigate, path)}>
                {t('exchange.import.open', { title: done.share.title })}
              </a>
            </p>
            {done.tlpAssumed && <p className="warning">{t('exchange.import.tlpAssumed')}</p>}
          </>
        )}
      </div>
      {done && done.notImported.length > 0 && (
        <details open className="not-imported">
          <summary>{t('exchange.import.notImported', { n: done.notImported.length })}</summary>
          <ul>
            {done.notImported.map((x, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: one object may be named for several reasons.
              <li key={i}>
                <code className="mono">{x.id}</code> — {importReason(t, x.code, x.reason)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {problem && (
        <div role="alert" className="error">
          <p>{problem.text}</p>
          {problem.offenders.length > 0 && (
            <ul>
              {problem.offenders.map((o, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: offenders are listed in the file's order.
                <li key={i}>
                  {o.id ? (
                    <code className="mono">{o.id}</code>
                  ) : (
                    o.index !== null && t('exchange.import.where', { n: o.index + 1 })
                  )}
                  {o.id || o.index !== null ? ': ' : ''}
                  {o.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
