import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { IncidentDetail, Me } from '../api.js';
import { ApiError, newIdempotencyKey } from '../api.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { Time } from '../ui/Badges.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { type Assessment, type AssessmentDraft, deadlinesApi, deadlinesQueries } from './deadlines.api.js';
import './deadlines.css';

const FILING_ROLES = ['reporter', 'security-officer'];
interface Status {
  text: string;
  bad: boolean;
}

const FLAGS = [
  'sensitive',
  'rightsInfringed',
  'seriousImpediment',
  'publicServicesAffected',
  'malicious',
] as const;

/**
 * The reporting clocks of the deadline profiles that apply to an incident (due times and outcomes), its impact
 * assessment, and — for its own body's reporters and security officers — the form to record a new version.
 */
export function IncidentDeadlines({ detail, me }: { detail: IncidentDetail; me: Me }) {
  const { t, lang } = useLang();
  const deadlines = useLoaded(deadlinesQueries.deadlines(detail.id));
  const assessment = useLoaded(deadlinesQueries.assessment(detail.id));
  const mayRecord = me.org.slug === detail.org.slug && FILING_ROLES.includes(me.role);
  const late = (minutes: number | null) =>
    t('deadlines.minutes', { h: Math.floor((minutes ?? 0) / 60), m: (minutes ?? 0) % 60 });
  const current = assessment.data?.current ?? null;
  // Kept here: a recorded version remounts the form (on the new version), and what it said must stay.
  const [status, setStatus] = useState<Status | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const done = (next: Status | null) => {
    setStatus(next);
    if (next) focusAfterRender(() => statusRef.current);
  };

  return (
    <section aria-labelledby="deadlines-heading" className="deadlines">
      <h2 id="deadlines-heading">{t('deadlines.heading')}</h2>
      {deadlines.error ? (
        <p className="error">
          {t('common.error', { code: (deadlines.error as ApiError).code ?? 'network' })}
        </p>
      ) : !deadlines.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          {deadlines.data.publicExplanationCalledFor && (
            <p className="notice deadlines-explanation">{t('deadlines.publicExplanation')}</p>
          )}
          {deadlines.data.profiles.length === 0 && <p className="muted">{t('deadlines.none')}</p>}
          {deadlines.data.profiles.map((p) => (
            <div key={p.id} className="deadlines-profile card">
              <h3>{lang === 'ja' ? p.nameJa : p.nameEn}</h3>
              <ul className="deadlines-clocks">
                {p.clocks.map((c) => (
                  <li
                    key={c.key}
                    className={`deadlines-clock deadlines-${c.outcome}`}
                    data-clock={`${p.id}/${c.key}`}
                  >
                    <strong>{lang === 'ja' ? c.nameJa : c.nameEn}</strong>{' '}
                    <span>
                      {t('deadlines.due')}: <Time at={c.dueAt} />
                    </span>{' '}
                    <span className="deadlines-outcome">
                      {t(`deadlines.outcome.${c.outcome}`, {
                        seq: c.satisfiedBySeq ?? '',
                        late: late(c.lateByMinutes),
                      })}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </>
      )}
      <h3 id="assessment-heading">{t('assessment.heading')}</h3>
      {current ? <AssessmentSummary a={current} /> : <p className="muted">{t('assessment.none')}</p>}
      {mayRecord && assessment.data && (
        <AssessmentForm key={current?.version ?? 0} incidentId={detail.id} current={current} onDone={done} />
      )}
      {status && (
        <p
          className={status.bad ? 'error' : 'notice'}
          role={status.bad ? 'alert' : 'status'}
          tabIndex={-1}
          ref={statusRef}
        >
          {status.text}
        </p>
      )}
    </section>
  );
}

function AssessmentSummary({ a }: { a: Assessment }) {
  const { t } = useLang();
  const yes = (v: boolean) => (v ? t('assessment.yes') : t('assessment.no'));
  const rows: [string, React.ReactNode][] = [
    [
      t('assessment.version', { version: a.version, who: a.recordedBy.displayName }),
      <Time key="at" at={a.recordedAt} />,
    ],
    [t('assessment.persons'), a.persons],
    [t('assessment.categories'), a.categories.join('、') || '—'],
    ...FLAGS.map((f): [string, React.ReactNode] => [t(`assessment.${f}`), yes(a[f])]),
    ...(a.note ? [[t('assessment.note'), a.note] as [string, React.ReactNode]] : []),
  ];
  return (
    <dl className="assessment-summary" aria-labelledby="assessment-heading">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd className="text">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function AssessmentForm({
  incidentId,
  current,
  onDone,
}: {
  incidentId: string;
  current: Assessment | null;
  onDone: (status: Status | null) => void;
}) {
  const { t } = useLang();
  const client = useQueryClient();
  const [persons, setPersons] = useState(String(current?.persons ?? 0));
  const [categories, setCategories] = useState(current?.categories.join('、') ?? '');
  const [flags, setFlags] = useState<Record<(typeof FLAGS)[number], boolean>>({
    sensitive: current?.sensitive ?? false,
    rightsInfringed: current?.rightsInfringed ?? false,
    seriousImpediment: current?.seriousImpediment ?? false,
    publicServicesAffected: current?.publicServicesAffected ?? false,
    malicious: current?.malicious ?? false,
  });
  const [note, setNote] = useState(current?.note ?? '');
  const [key] = useState(newIdempotencyKey);
  const [sending, setSending] = useState(false);
  const id = (f: string) => `assessment-${incidentId}-${f}`;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (sending) return;
    setSending(true);
    onDone(null);
    const draft: AssessmentDraft = {
      version: current?.version ?? 0,
      persons: Math.max(0, Number.parseInt(persons, 10) || 0),
      categories: categories
        .split(/[、,，]/)
        .map((c) => c.trim())
        .filter((c) => c !== ''),
      ...flags,
      ...(note.trim() ? { note } : {}),
    };
    try {
      const recorded = await deadlinesApi.record(incidentId, draft, key);
      onDone({ text: t('assessment.recorded', { version: recorded.version }), bad: false });
      void client.invalidateQueries({ queryKey: ['incidents', incidentId] });
    } catch (e) {
      const code = e instanceof ApiError ? e.code : 'network';
      onDone({
        text: code === 'assessments.stale' ? t('assessment.stale') : t('assessment.failed', { code }),
        bad: true,
      });
      if (code === 'assessments.stale')
        void client.invalidateQueries({ queryKey: ['incidents', incidentId] });
    } finally {
      setSending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="assessment-form">
      <label htmlFor={id('persons')}>{t('assessment.persons')}</label>
      <input
        id={id('persons')}
        type="number"
        inputMode="numeric"
        min={0}
        value={persons}
        onChange={(e) => setPersons(e.target.value)}
      />
      <label htmlFor={id('categories')}>{t('assessment.categories')}</label>
      <input id={id('categories')} value={categories} onChange={(e) => setCategories(e.target.value)} />
      <fieldset>
        <legend className="visually-hidden">{t('assessment.heading')}</legend>
        {FLAGS.map((f) => (
          <label key={f} className="checkbox">
            <input
              type="checkbox"
              checked={flags[f]}
              onChange={(e) => setFlags({ ...flags, [f]: e.target.checked })}
            />{' '}
            {t(`assessment.${f}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={id('note')}>{t('assessment.note')}</label>
      <textarea
        id={id('note')}
        rows={3}
        maxLength={4000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <p>
        <button type="submit" className="primary" aria-disabled={sending}>
          {sending ? t('assessment.recording') : t('assessment.record')}
        </button>
      </p>
    </form>
  );
}
