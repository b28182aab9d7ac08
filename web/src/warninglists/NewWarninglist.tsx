import { type FormEvent, useId, useRef, useState } from 'react';
import { MATCH_TYPES } from '../../../src/features/warninglists/warninglists.types.js';
import { ApiError, request } from '../api.js';
import type { MessageKey } from '../i18n.js';
import { INDICATOR_TYPES } from '../indicators/indicators.api.js';
import { useLang } from '../lang.js';

// The center's two ways to a new warning list (issue 14, point 2): a list of its own, typed or pasted one value a
// line; or a MISP warninglist file (list.json of github.com/MISP/misp-warninglists), as `renraku warninglist
// import` loads it — a newer version of a list already loaded replaces its entries.

interface Made {
  name: string;
}

/** What a refusal says, with the line of the value it names (the server counts entries from 0). */
function refusal(t: ReturnType<typeof useLang>['t'], e: unknown): string {
  if (!(e instanceof ApiError)) return t('warninglists.problem', { code: 'network', detail: String(e) });
  const entry = e.extra.entry;
  if (e.code === 'warninglists.invalid_entry' && typeof entry === 'number')
    return t('warninglists.badLine', { line: entry + 1, detail: e.message });
  return t('warninglists.problem', { code: e.code, detail: e.message });
}

/** 新しい警告リスト: name, match type, the types it flags, and its values one a line. */
export function NewListForm({ onMade }: { onMade: (list: Made) => void }) {
  const { t } = useLang();
  const id = useId();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [source, setSource] = useState('');
  const [matchType, setMatchType] = useState<string>('string');
  const [appliesTo, setAppliesTo] = useState<string[]>([]);
  const [entries, setEntries] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const list = await request<Made>('POST', '/api/v1/warninglists', {
        body: {
          name: name.trim(),
          description: description.trim(),
          source: source.trim(),
          matchType,
          appliesTo,
          entries: entries
            .split('\n')
            .map((v) => v.trim())
            .filter((v) => v !== ''),
        },
        idempotencyKey: crypto.randomUUID(),
      });
      setName('');
      setDescription('');
      setSource('');
      setEntries('');
      setAppliesTo([]);
      onMade(list);
    } catch (err) {
      setError(refusal(t, err));
    } finally {
      setBusy(false);
    }
  }

  const toggle = (type: string, on: boolean) =>
    setAppliesTo((now) => (on ? [...now, type] : now.filter((x) => x !== type)));

  return (
    <section className="card warninglist-new" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('warninglists.new')}</h2>
      <form onSubmit={submit}>
        <label>
          {t('warninglists.name')}
          <input
            type="text"
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          {t('warninglists.description')}
          <input
            type="text"
            maxLength={2000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <label>
          {t('warninglists.source')}
          <input type="text" maxLength={2000} value={source} onChange={(e) => setSource(e.target.value)} />
        </label>
        <label>
          {t('warninglists.matchType')}
          <select value={matchType} onChange={(e) => setMatchType(e.target.value)}>
            {MATCH_TYPES.map((m) => (
              <option key={m} value={m}>
                {t(`warninglists.match.${m}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="warninglist-types">
          <legend>{t('warninglists.appliesTo')}</legend>
          <p className="muted">{t('warninglists.appliesToHint')}</p>
          {INDICATOR_TYPES.map((type) => (
            <label key={type} className="inline">
              <input
                type="checkbox"
                checked={appliesTo.includes(type)}
                onChange={(e) => toggle(type, e.target.checked)}
              />{' '}
              {t(`indicators.type.${type}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('warninglists.values')}
          <textarea rows={6} value={entries} onChange={(e) => setEntries(e.target.value)} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('warninglists.create')}
        </button>
      </form>
    </section>
  );
}

/** MISPの警告リストを取り込む: a list.json file, sent as it is; the server reads and checks it. */
export function MispImport({ onLoaded }: { onLoaded: (text: string) => void }) {
  const { t } = useLang();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function load(e: FormEvent) {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await request<{
        outcome: 'created' | 'updated' | 'unchanged';
        list: Made & { version: number };
      }>(
        'POST',
        '/api/v1/warninglists/import',
        // Whatever type the browser guessed from the file's name, the body is JSON for the server to check.
        { file: new Blob([file], { type: 'application/json' }), idempotencyKey: crypto.randomUUID() },
      );
      if (input.current) input.current.value = '';
      onLoaded(
        t(`warninglists.imported.${answer.outcome}`, {
          name: answer.list.name,
          version: answer.list.version,
        }),
      );
    } catch (err) {
      setError(refusal(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card warninglist-import" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('warninglists.import')}</h2>
      <p className="muted" id={`${id}-hint`}>
        {t('warninglists.importHint')}
      </p>
      <form onSubmit={load}>
        <label>
          {t('warninglists.importFile')}
          <input ref={input} type="file" accept=".json,application/json" aria-describedby={`${id}-hint`} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('warninglists.importButton')}
        </button>
      </form>
    </section>
  );
}
