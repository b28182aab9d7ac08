import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api.js';
import { orgName } from '../format.js';
import { incidentsApi, queryString } from '../incidents/incidents.api.js';
import { useLang } from '../lang.js';
import type { SourceIncident } from './composer.values.js';

/**
 * The incidents the share derives from (each source's body will be asked to consent), and a search to add
 * more: by words of the title, or by an incident's id pasted from its page.
 */
export function SourcePicker({
  sources,
  error,
  onChange,
}: {
  sources: SourceIncident[];
  error: string | undefined;
  onChange: (sources: SourceIncident[]) => void;
}) {
  const { t, lang } = useLang();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<SourceIncident[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function search(event: FormEvent) {
    event.preventDefault();
    const words = q.trim();
    if (!words) return;
    setProblem(null);
    const abort = new AbortController();
    try {
      const [byId, byWords] = await Promise.all([
        api.incident(words, abort.signal).then(
          (i) => [i],
          () => [],
        ),
        incidentsApi.list(queryString({ q: words, limit: 10 }), abort.signal),
      ]);
      const all = [...byId, ...byWords.items].map(({ id, title, org }) => ({ id, title, org }));
      setFound(all.filter((i, n) => all.findIndex((j) => j.id === i.id) === n));
    } catch (e) {
      setFound(null);
      setProblem(t('common.error', { code: e instanceof ApiError ? e.code : 'network' }));
    }
  }

  const chosen = new Set(sources.map((s) => s.id));
  return (
    <section className="sources" aria-labelledby="sources-heading">
      <h2 id="sources-heading">{t('compose.sources')}</h2>
      {error && (
        <p id="share-sources" className="field-error" tabIndex={-1}>
          {error}
        </p>
      )}
      {sources.length === 0 ? (
        <p className="hint">{t('compose.sources.none')}</p>
      ) : (
        <ul className="plain-list source-list">
          {sources.map((s) => (
            <li key={s.id}>
              <span className="source-title">{s.title}</span>{' '}
              <span className="muted">{t('compose.sources.org', { org: orgName(s.org, lang) })}</span>{' '}
              <button type="button" onClick={() => onChange(sources.filter((x) => x.id !== s.id))}>
                {t('compose.sources.remove', { title: s.title })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <search>
        <form className="source-search" onSubmit={search}>
          <label htmlFor="source-q">{t('compose.sources.search')}</label>
          <input id="source-q" value={q} onChange={(e) => setQ(e.target.value)} />
          <button type="submit">{t('compose.sources.find')}</button>
        </form>
      </search>
      {problem && <p className="error">{problem}</p>}
      {found && (
        <div role="status">
          {found.length === 0 ? (
            <p className="muted">{t('compose.sources.noneFound')}</p>
          ) : (
            <ul className="plain-list source-results">
              {found.map((i) => (
                <li key={i.id}>
                  {i.title}{' '}
                  <span className="muted">{t('compose.sources.org', { org: orgName(i.org, lang) })}</span>{' '}
                  <button type="button" disabled={chosen.has(i.id)} onClick={() => onChange([...sources, i])}>
                    {chosen.has(i.id)
                      ? t('compose.sources.added')
                      : t('compose.sources.add', { title: i.title })}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
