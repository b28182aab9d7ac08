import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { request } from '../api.js';
import { useLang } from '../lang.js';
import { Time } from '../ui/Badges.js';
import type { Share } from './sharing.api.js';
import { problemText } from './sharingProblems.js';

// Sightings of a share's indicators (issue 14, point 5): a recipient body says it saw one ("seen it"), and sees
// its own; the center that published the share sees, per indicator, how many bodies saw it and when.

interface Sighting {
  id: string;
  type: string;
  value: string;
  seenAt: string;
  count: number;
  note: string | null;
  reportedAt: string;
}
interface Sightings {
  own: Sighting[];
  summary:
    | {
        type: string;
        value: string;
        bodies: number;
        count: number;
        firstSeenAt: string | null;
        lastSeenAt: string | null;
      }[]
    | null;
}

const path = (shareId: string) => `/api/v1/shares/${encodeURIComponent(shareId)}/sightings`;
/** ['shares', 'one', id, 'sightings']: stale with the share (liveQueries.ts makes ['shares'] stale). */
const sightingsQuery = (shareId: string) =>
  queryOptions({
    queryKey: ['shares', 'one', shareId, 'sightings'],
    queryFn: ({ signal }) => request<Sightings>('GET', path(shareId), { signal }),
    retry: false,
  });

/** A datetime-local value of now, in the viewer's time zone. */
const localNow = () => {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** On a received share: a "seen it" action per indicator, and the body's own sightings. */
export function RecipientSightings({ share }: { share: Share }) {
  const { t } = useLang();
  const client = useQueryClient();
  const sightings = useQuery(sightingsQuery(share.id));
  const [open, setOpen] = useState<number | null>(null);
  const [said, setSaid] = useState<{ text: string; bad: boolean } | null>(null);
  if (share.indicators.length === 0) return null;
  const own = sightings.data?.own ?? [];
  const ownOf = (i: { type: string; value: string }) =>
    own.filter((s) => s.type === i.type && s.value === i.value);
  return (
    <section className="card sightings" aria-labelledby="sightings-heading">
      <h2 id="sightings-heading">{t('sightings.heading')}</h2>
      <p className="muted">{t('sightings.intro')}</p>
      <ul className="sighting-list">
        {share.indicators.map((indicator, n) => (
          <li key={`${indicator.type} ${indicator.value}`}>
            <code>{indicator.value}</code>{' '}
            {ownOf(indicator).length > 0 && (
              <span className="muted">
                {t('sightings.ownCount', { n: ownOf(indicator).reduce((a, s) => a + s.count, 0) })}
              </span>
            )}{' '}
            {open !== n && (
              <button
                type="button"
                onClick={() => {
                  setOpen(n);
                  setSaid(null);
                }}
                aria-label={t('sightings.seenItFor', { value: indicator.value })}
              >
                {t('sightings.seenIt')}
              </button>
            )}
            {open === n && (
              <SightingForm
                shareId={share.id}
                indicator={indicator}
                onDone={(text, bad) => {
                  setSaid({ text, bad });
                  if (!bad) {
                    setOpen(null);
                    void client.invalidateQueries({ queryKey: ['shares', 'one', share.id, 'sightings'] });
                  }
                }}
                onCancel={() => setOpen(null)}
              />
            )}
          </li>
        ))}
      </ul>
      <div role="status" className="status-region">
        {said && <p className={said.bad ? 'error' : 'notice'}>{said.text}</p>}
      </div>
      {own.length > 0 && (
        <table className="sighting-table">
          <caption>{t('sightings.ownHeading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sightings.indicator')}</th>
              <th scope="col">{t('sightings.seenAt')}</th>
              <th scope="col">{t('sightings.count')}</th>
              <th scope="col">{t('sightings.note')}</th>
            </tr>
          </thead>
          <tbody>
            {own.map((s) => (
              <tr key={s.id}>
                <td>
                  <code>{s.value}</code>
                </td>
                <td>
                  <Time at={s.seenAt} />
                </td>
                <td>{s.count}</td>
                <td>{s.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function SightingForm({
  shareId,
  indicator,
  onDone,
  onCancel,
}: {
  shareId: string;
  indicator: { type: string; value: string };
  onDone: (text: string, bad: boolean) => void;
  onCancel: () => void;
}) {
  const { t } = useLang();
  const [seenAt, setSeenAt] = useState(localNow);
  const [count, setCount] = useState('1');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await request('POST', path(shareId), {
        body: {
          type: indicator.type,
          value: indicator.value,
          seenAt: new Date(seenAt).toISOString(),
          count: Number(count),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      });
      onDone(t('sightings.done'), false);
    } catch (err) {
      onDone(problemText(t, err), true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="sighting-form" onSubmit={submit}>
      <label>
        {t('sightings.seenAt')}
        <input type="datetime-local" required value={seenAt} onChange={(e) => setSeenAt(e.target.value)} />
      </label>
      <label>
        {t('sightings.count')}
        <input
          type="number"
          required
          min={1}
          max={1000000}
          value={count}
          onChange={(e) => setCount(e.target.value)}
        />
      </label>
      <label>
        {t('sightings.note')}
        <input type="text" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('sightings.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('sightings.cancel')}
        </button>
      </div>
    </form>
  );
}

/** On the center's share page: per indicator, how many bodies saw it, how often, first and last. */
export function SightingCounts({ share }: { share: Share }) {
  const { t } = useLang();
  const sightings = useQuery(sightingsQuery(share.id));
  const summary = sightings.data?.summary;
  if (!summary || summary.length === 0) return null;
  return (
    <section className="card sightings" aria-labelledby="sighting-counts-heading">
      <h2 id="sighting-counts-heading">{t('sightings.countsHeading')}</h2>
      <table className="sighting-table">
        <thead>
          <tr>
            <th scope="col">{t('sightings.indicator')}</th>
            <th scope="col">{t('sightings.bodies')}</th>
            <th scope="col">{t('sightings.count')}</th>
            <th scope="col">{t('sightings.first')}</th>
            <th scope="col">{t('sightings.last')}</th>
          </tr>
        </thead>
        <tbody>
          {summary.map((s) => (
            <tr key={`${s.type} ${s.value}`}>
              <td>
                <code>{s.value}</code>
              </td>
              <td>{t('sightings.bodiesN', { n: s.bodies })}</td>
              <td>{s.count}</td>
              <td>{s.firstSeenAt ? <Time at={s.firstSeenAt} /> : '—'}</td>
              <td>{s.lastSeenAt ? <Time at={s.lastSeenAt} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
