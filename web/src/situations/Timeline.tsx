import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isMessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { Time } from '../ui/Badges.js';
import { AnswerBadge } from './AnswerBadge.js';
import { refusalText } from './problemText.js';
import { ANSWER_STATUSES, situationQueries, situationsApi, type TimelineEntry } from './situations.api.js';

const ENTRY_MAX = 2000;

/** What an entry says beyond its kind: an answer's status and body, a level, the text written. */
function EntryBody({ e }: { e: TimelineEntry }) {
  const status = ANSWER_STATUSES.find((a) => a === (e.data as { status?: unknown }).status);
  return (
    <>
      {e.orgName && <span className="entry-org">{e.orgName}</span>}
      {e.kind === 'answered' && status && <AnswerBadge status={status} />}
      {e.text && <p className="entry-text">{e.text}</p>}
    </>
  );
}

/** 時系列: declaration, level changes, answers the reader may see, linked incidents, notes and decisions. */
export function Timeline({ situationId, writes }: { situationId: string; writes: boolean }) {
  const { t } = useLang();
  const timeline = useLoaded(situationQueries.timeline(situationId));
  const items = timeline.data?.items ?? null;
  const kindText = (kind: string) => {
    const key = `situations.entry.${kind}`;
    return isMessageKey(key) ? t(key) : kind;
  };
  return (
    <section className="situation-timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('situations.timeline')}</h2>
      {writes && <EntryForm situationId={situationId} />}
      {timeline.error && !items ? (
        <p className="error" role="alert">
          {refusalText(t, timeline.error)}
        </p>
      ) : null}
      {items && (
        <ol className="plain-list timeline-list">
          {items.map((e) => (
            <li key={e.id} className={`entry entry-${e.kind}`}>
              <span className="entry-kind">{kindText(e.kind)}</span> <Time at={e.at} />
              {e.actorName && <span className="muted"> {e.actorName}</span>} <EntryBody e={e} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The coordinator's note (メモ) or decision (決定事項) on the timeline. */
function EntryForm({ situationId }: { situationId: string }) {
  const { t } = useLang();
  const client = useQueryClient();
  const [kind, setKind] = useState<'note' | 'decision'>('note');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return setProblem('empty');
    setBusy(true);
    setProblem(null);
    try {
      await situationsApi.addEntry(situationId, kind, text.trim());
      setText('');
      await client.invalidateQueries({ queryKey: ['situations', situationId, 'timeline'] });
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="entry-form" onSubmit={submit} noValidate>
      <fieldset className="segmented">
        <legend>{t('situations.entryKind')}</legend>
        {(['note', 'decision'] as const).map((k) => (
          <span key={k} className="check">
            <input
              type="radio"
              id={`entry-kind-${k}`}
              name="entry-kind"
              checked={kind === k}
              onChange={() => setKind(k)}
            />
            <label htmlFor={`entry-kind-${k}`}>{t(`situations.entry.${k}`)}</label>
          </span>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="entry-text">{t('situations.entryText')}</label>
        <textarea
          id="entry-text"
          rows={2}
          maxLength={ENTRY_MAX}
          value={text}
          aria-invalid={problem === 'empty' ? true : undefined}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {problem ? (
        <p className="error" role="alert">
          {problem === 'empty' ? t('situations.entryEmpty') : refusalText(t, problem)}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        {t('situations.entryAdd')}
      </button>
    </form>
  );
}
