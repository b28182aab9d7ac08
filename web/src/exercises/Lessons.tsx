import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, type Me } from '../api.js';
import { formatDateTime } from '../format.js';
import type { Translate } from '../i18n.js';
import { useLang } from '../lang.js';
import { offers } from '../screen.js';
import { type ControlProps, Field } from '../ui/Field.js';
import { exerciseQueries, exercisesApi, type LessonStatus } from './exercises.api.js';
import { refusalOf } from './refusal.js';
import type { Lesson } from './report.api.js';

const STATUSES: readonly LessonStatus[] = ['open', 'in_progress', 'done'];

const lessonRefusal = (t: Translate, e: unknown) =>
  e instanceof ApiError && e.code === 'exercises.lesson_stale'
    ? t('exercises.lessons.stale')
    : e instanceof ApiError && e.code === 'exercises.lesson_same_status'
      ? t('exercises.lessons.same')
      : refusalOf(t, e);

/** Moves a lesson's follow-up (exercise control, or the owning body's security officer), with a note. */
function FollowUp({ lesson, exerciseId }: { lesson: Lesson; exerciseId: string }) {
  const { t } = useLang();
  const client = useQueryClient();
  const [status, setStatus] = useState<LessonStatus>(lesson.status);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = `lesson-${lesson.id}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await exercisesApi.followUp(lesson.id, {
        status,
        version: lesson.version,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setNote('');
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
      void client.invalidateQueries({ queryKey: ['exercises', exerciseId, 'lessons'] });
    }
  }
  return (
    <form className="form no-print lesson-follow-up" onSubmit={submit} noValidate>
      <Field id={`${id}-status`} label={t('exercises.lessons.status')}>
        {(c) => (
          <select {...c} value={status} onChange={(e) => setStatus(e.target.value as LessonStatus)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`exreport.lesson.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-note`} label={t('exercises.lessons.note')}>
        {(c) => (
          <input {...c} type="text" maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
        )}
      </Field>
      {problem ? (
        <p className="error" role="alert">
          {lessonRefusal(t, problem)}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        {t('exercises.lessons.update')}
      </button>
    </form>
  );
}

/** The owning person, chosen among the people a coordinator may assign (the center's); '' for none. */
function PersonSelect({
  c,
  value,
  onChange,
}: {
  c: ControlProps;
  value: string;
  onChange: (id: string) => void;
}) {
  const { t } = useLang();
  const assignees = useQuery(exerciseQueries.assignees());
  return (
    <select {...c} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('exercises.lessons.noPerson')}</option>
      {(assignees.data?.items ?? []).map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </select>
  );
}

/** Edits a lesson's text and owning person at the version shown (exercise control); a stale one reloads. */
function LessonEditor({ lesson, exerciseId }: { lesson: Lesson; exerciseId: string }) {
  const { t } = useLang();
  const client = useQueryClient();
  const [text, setText] = useState(lesson.text);
  const [person, setPerson] = useState(lesson.person?.id ?? '');
  // The version the text in the form was read at: a refresh of the list meanwhile does not move it, so a save
  // over someone else's change is refused rather than silently overwriting it.
  const [base, setBase] = useState<Lesson>(lesson);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = `lesson-${lesson.id}-edit`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      setBase(
        await exercisesApi.editLesson(base.id, {
          version: base.version,
          ...(text.trim() !== base.text ? { text: text.trim() } : {}),
          ...(person !== (base.person?.id ?? '') ? { ownerUserId: person || null } : {}),
        }),
      );
    } catch (e) {
      setProblem(e);
      // Changed meanwhile: the lesson as it stands is shown to edit again.
      const latest = e instanceof ApiError ? (e.extra.latest as Lesson | undefined) : undefined;
      if (latest) {
        setBase(latest);
        setText(latest.text);
        setPerson(latest.person?.id ?? '');
      }
    } finally {
      setBusy(false);
      void client.invalidateQueries({ queryKey: ['exercises', exerciseId, 'lessons'] });
    }
  }
  return (
    <details className="no-print">
      <summary>{t('exercises.lessons.edit')}</summary>
      <form className="form lesson-edit" onSubmit={submit} noValidate>
        <Field id={`${id}-text`} label={t('exercises.lessons.text')}>
          {(c) => (
            <textarea
              {...c}
              rows={3}
              maxLength={2000}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <Field id={`${id}-person`} label={t('exercises.lessons.person')}>
          {(c) => <PersonSelect c={c} value={person} onChange={setPerson} />}
        </Field>
        {problem ? (
          <p className="error" role="alert">
            {lessonRefusal(t, problem)}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t('exercises.lessons.save')}
        </button>
      </form>
    </details>
  );
}

/** A lesson with its owner, status, due date, the history of its follow-up, and (for who may) the follow-up. */
export function LessonItem({ l, me, exerciseId }: { l: Lesson; me: Me; exerciseId: string }) {
  const { t, lang } = useLang();
  const mayFollowUp =
    offers.exercises(me) || (me.role === 'security-officer' && me.org.nameJa === l.owner.name);
  return (
    <li>
      <p>{l.text}</p>
      <p className="muted">
        {l.exerciseNumber} · {t(`exreport.lesson.${l.status}`)} ·{' '}
        {t('exreport.lesson.owner', { owner: l.person ? `${l.owner.name} ${l.person.name}` : l.owner.name })}
        {l.dueOn ? ` · ${l.dueOn}` : ''}
      </p>
      {l.history.length > 0 && (
        <details>
          <summary>{t('exercises.lessons.history')}</summary>
          <ol>
            {l.history.map((h) => (
              <li key={`${h.at}-${h.status}`}>
                {t('exercises.lessons.historyItem', {
                  at: formatDateTime(h.at, lang),
                  status: t(`exreport.lesson.${h.status}`),
                  by: h.by,
                })}
                {h.note ? ` — ${h.note}` : ''}
              </li>
            ))}
          </ol>
        </details>
      )}
      {offers.exercises(me) && <LessonEditor lesson={l} exerciseId={exerciseId} />}
      {mayFollowUp && <FollowUp key={l.version} lesson={l} exerciseId={exerciseId} />}
    </li>
  );
}

/** 教訓を追加 (exercise control): the text, the owning body (one that took part), a person, a due date. */
export function LessonForm({
  exerciseId,
  owners,
}: {
  exerciseId: string;
  owners: readonly { id: string; name: string }[];
}) {
  const { t } = useLang();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [person, setPerson] = useState('');
  const [due, setDue] = useState('');
  const [missing, setMissing] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const ownerId = owner || owners[0]?.id || '';
  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (!text.trim()) {
      setMissing(true);
      document.getElementById('lesson-text')?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await exercisesApi.recordLesson(exerciseId, {
        text: text.trim(),
        ownerOrgId: ownerId,
        ...(person ? { ownerUserId: person } : {}),
        ...(due ? { dueOn: due } : {}),
      });
      setText('');
      setPerson('');
      setDue('');
      setDone(true);
      void client.invalidateQueries({ queryKey: ['exercises', exerciseId, 'lessons'] });
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      className="form no-print lesson-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="lesson-form-heading"
    >
      <h3 id="lesson-form-heading">{t('exercises.lessons.add')}</h3>
      <Field
        id="lesson-text"
        label={t('exercises.lessons.text')}
        error={missing ? t('exercises.lessons.textMissing') : undefined}
      >
        {(c) => (
          <textarea
            {...c}
            rows={3}
            maxLength={2000}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setMissing(false);
            }}
          />
        )}
      </Field>
      <Field id="lesson-owner" label={t('exercises.lessons.owner')}>
        {(c) => (
          <select {...c} value={ownerId} onChange={(e) => setOwner(e.target.value)}>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="lesson-person" label={t('exercises.lessons.person')}>
        {(c) => <PersonSelect c={c} value={person} onChange={setPerson} />}
      </Field>
      <Field id="lesson-due" label={t('exercises.lessons.due')}>
        {(c) => <input {...c} type="date" value={due} onChange={(e) => setDue(e.target.value)} />}
      </Field>
      {problem ? (
        <p className="error" role="alert">
          {lessonRefusal(t, problem)}
        </p>
      ) : null}
      <p role="status">{done ? t('exercises.lessons.recorded') : ''}</p>
      <button type="submit" className="primary" disabled={busy || ownerId === ''}>
        {t('exercises.lessons.record')}
      </button>
    </form>
  );
}
