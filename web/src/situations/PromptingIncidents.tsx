import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { incidentQueries, queryString } from '../incidents/incidents.api.js';
import { useLang } from '../lang.js';

export interface Prompting {
  id: string;
  number: string;
  title: string;
}

/** The incidents the center received that prompted the declaration, found by number or title. */
export function PromptingIncidents({
  chosen,
  onChange,
}: {
  chosen: readonly Prompting[];
  onChange: (next: Prompting[]) => void;
}) {
  const { t } = useLang();
  const [q, setQ] = useState('');
  const query = useDeferredValue(q.trim());
  const found = useQuery({
    ...incidentQueries.list(queryString({ q: query, limit: 20 })),
    enabled: query !== '',
  });
  const ids = new Set(chosen.map((c) => c.id));
  const shown = [...chosen, ...(found.data?.items ?? []).filter((i) => !ids.has(i.id))];
  return (
    <fieldset className="prompting">
      <legend>{t('situations.field.incidents')}</legend>
      <div className="field">
        <label htmlFor="prompting-search">{t('situations.field.incidentsSearch')}</label>
        <input
          id="prompting-search"
          type="search"
          autoComplete="off"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.preventDefault();
          }}
        />
      </div>
      <p className="muted" aria-live="polite">
        {t('situations.field.incidentsChosen', { n: chosen.length })}
      </p>
      {shown.length > 0 && (
        <ul className="plain-list">
          {shown.map((i) => (
            <li key={i.id} className="check">
              <input
                type="checkbox"
                id={`prompting-${i.id}`}
                checked={ids.has(i.id)}
                onChange={(e) =>
                  onChange(
                    e.target.checked
                      ? [...chosen, { id: i.id, number: i.number, title: i.title }]
                      : chosen.filter((c) => c.id !== i.id),
                  )
                }
              />
              <label htmlFor={`prompting-${i.id}`}>{`${i.number} ${i.title}`}</label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
