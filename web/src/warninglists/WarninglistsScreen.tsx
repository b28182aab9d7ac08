import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, request } from '../api.js';
import type { MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { MispImport, NewListForm } from './NewWarninglist.js';
import './warninglists.css';

// The center's warning lists: each list, on or off, and its entries, added and removed; new lists made here or
// imported from MISP files (issue 14, point 2).

/** The most entries shown at once: the largest lists hold 10⁵ (the filter finds the others). */
const ENTRIES_SHOWN = 500;

interface List {
  id: string;
  name: string;
  description: string;
  source: string;
  version: number;
  matchType: string;
  origin: 'shipped' | 'imported' | 'center' | 'bodies';
  enabled: boolean;
  revision: number;
  entryCount: number;
}

/** ['warninglists'] every list; ['warninglists', id] one with its entries. */
const queries = {
  all: () =>
    queryOptions({
      queryKey: ['warninglists'],
      queryFn: ({ signal }) => request<{ lists: List[] }>('GET', '/api/v1/warninglists', { signal }),
    }),
  one: (id: string) =>
    queryOptions({
      queryKey: ['warninglists', id],
      queryFn: ({ signal }) =>
        request<{ list: List; entries: string[] }>('GET', `/api/v1/warninglists/${encodeURIComponent(id)}`, {
          signal,
        }),
    }),
};

const change = (list: List, body: Record<string, unknown>) =>
  request<List>('PATCH', `/api/v1/warninglists/${encodeURIComponent(list.id)}`, {
    body: { revision: list.revision, ...body },
  });

export function WarninglistsScreen() {
  const { t } = useLang();
  const client = useQueryClient();
  const all = useQuery(queries.all());
  const [open, setOpen] = useState<string | null>(null);
  const [said, setSaid] = useState<{ text: string; bad: boolean } | null>(null);

  async function act(fn: () => Promise<unknown>) {
    try {
      await fn();
      setSaid({ text: t('warninglists.saved'), bad: false });
    } catch (e) {
      const stale = e instanceof ApiError && e.code === 'warninglists.stale';
      setSaid({
        text: stale
          ? t('warninglists.stale')
          : t('warninglists.problem', {
              code: e instanceof ApiError ? e.code : 'network',
              detail: e instanceof Error ? e.message : '',
            }),
        bad: true,
      });
    } finally {
      await client.invalidateQueries({ queryKey: ['warninglists'] });
    }
  }

  const lists = all.data?.lists ?? [];
  return (
    <section aria-labelledby="warninglists-heading" className="warninglists">
      <h1 id="warninglists-heading">{t('warninglists.heading')}</h1>
      <p className="muted">{t('warninglists.intro')}</p>
      <div role="status" className="status-region">
        {said && <p className={said.bad ? 'error' : 'notice'}>{said.text}</p>}
      </div>
      {all.isPending && <p>{t('warninglists.loading')}</p>}
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('warninglists.name')}</th>
              <th scope="col">{t('warninglists.matchType')}</th>
              <th scope="col">{t('warninglists.entries')}</th>
              <th scope="col">{t('warninglists.origin')}</th>
              <th scope="col">{t('warninglists.state')}</th>
            </tr>
          </thead>
          <tbody>
            {lists.map((l) => (
              <tr key={l.id}>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-expanded={open === l.id}
                    aria-label={t('warninglists.open', { name: l.name })}
                    onClick={() => setOpen(open === l.id ? null : l.id)}
                  >
                    {l.name}
                  </button>
                </td>
                <td>{l.matchType}</td>
                <td>{l.entryCount}</td>
                <td>{t(`warninglists.origin.${l.origin}` as MessageKey)}</td>
                <td>
                  <button
                    type="button"
                    aria-pressed={l.enabled}
                    aria-label={t(l.enabled ? 'warninglists.disable' : 'warninglists.enable', {
                      name: l.name,
                    })}
                    onClick={() => act(() => change(l, { enabled: !l.enabled }))}
                  >
                    {t(l.enabled ? 'warninglists.enabled' : 'warninglists.disabled')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open && <ListEntries id={open} act={act} onClose={() => setOpen(null)} />}
      <div className="warninglist-forms">
        <NewListForm
          onMade={(list) => {
            setSaid({ text: t('warninglists.made', { name: list.name }), bad: false });
            void client.invalidateQueries({ queryKey: ['warninglists'] });
          }}
        />
        <MispImport
          onLoaded={(text) => {
            setSaid({ text, bad: false });
            void client.invalidateQueries({ queryKey: ['warninglists'] });
          }}
        />
      </div>
    </section>
  );
}

function ListEntries({
  id,
  act,
  onClose,
}: {
  id: string;
  act: (fn: () => Promise<unknown>) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useLang();
  const one = useQuery(queries.one(id));
  const [value, setValue] = useState('');
  const [filter, setFilter] = useState('');
  if (!one.data) return <p>{t('warninglists.loading')}</p>;
  const { list, entries } = one.data;
  const editable = list.origin !== 'bodies';
  const wanted = filter.trim().toLowerCase();
  const matching = wanted ? entries.filter((v) => v.toLowerCase().includes(wanted)) : entries;
  const shown = matching.slice(0, ENTRIES_SHOWN);

  function add(e: FormEvent) {
    e.preventDefault();
    if (!value.trim()) return;
    void act(async () => {
      await change(list, { add: [value.trim()] });
      setValue('');
    });
  }

  return (
    <section className="card warninglist-entries" aria-labelledby="entries-heading">
      <h2 id="entries-heading">{t('warninglists.entriesOf', { name: list.name })}</h2>
      <p>{list.description}</p>
      <dl className="facts">
        <dt>{t('warninglists.source')}</dt>
        <dd>{list.source}</dd>
        <dt>{t('warninglists.version')}</dt>
        <dd>{list.version}</dd>
      </dl>
      {!editable && <p className="muted">{t('warninglists.bodiesNote')}</p>}
      {editable && (
        <form onSubmit={add} className="warninglist-add">
          <label>
            {t('warninglists.entryValue')}
            <input type="text" value={value} maxLength={2048} onChange={(e) => setValue(e.target.value)} />
          </label>
          <button type="submit" className="primary">
            {t('warninglists.add')}
          </button>
        </form>
      )}
      {entries.length > ENTRIES_SHOWN / 10 && (
        <label className="warninglist-filter">
          {t('warninglists.filter')}
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
      )}
      {matching.length > shown.length && (
        <p className="muted">{t('warninglists.shown', { shown: shown.length, total: matching.length })}</p>
      )}
      <ul className="warninglist-values">
        {shown.map((v) => (
          <li key={v}>
            <code>{v}</code>
            {editable && (
              <button
                type="button"
                aria-label={t('warninglists.remove', { value: v })}
                onClick={() => act(() => change(list, { remove: [v] }))}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onClose}>
        {t('warninglists.close')}
      </button>
    </section>
  );
}
