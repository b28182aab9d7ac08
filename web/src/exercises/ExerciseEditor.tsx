import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, newIdempotencyKey } from '../api.js';
import { isMessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { ExerciseBanner } from '../marks/ExerciseBanner.js';
import { orgQueries } from '../orgs.queries.js';
import { exercisePath } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { situationQueries } from '../situations/situations.api.js';
import { Field } from '../ui/Field.js';
import { draftOf, emptyDraft, newInject, type ScenarioDraft, scenarioOf, TARGETS } from './builder.js';
import {
  type ExerciseDetail,
  exerciseQueries,
  exercisesApi,
  problemsOf,
  type ScenarioProblem,
  type ScenarioSource,
} from './exercises.api.js';
import { InjectForm } from './InjectForm.js';
import { refusalOf } from './refusal.js';

type Mode = 'file' | 'builder';

/** A problem in the page's language first: where (inject and field), what, and the server's own words. */
function ProblemItem({ p }: { p: ScenarioProblem }) {
  const { t } = useLang();
  const where =
    p.index === null ? t('exercises.problem.scenario') : t('exercises.problem.where', { n: p.index + 1 });
  const key = `exercises.problem.${p.code}`;
  const what = isMessageKey(key) ? t(key) : t('exercises.problem.other');
  return (
    <li>
      <strong>
        {where}
        {p.field ? ` · ${p.field}` : ''}
      </strong>
      ：{what} <span className="muted">({p.message})</span>
    </li>
  );
}

/**
 * 訓練の作成・下書きの編集: a scenario file (JSON or YAML, shown and correctable) or the builder; the server
 * checks it whole and every problem is listed by inject and field. A draft is saved at the version read.
 */
export function ExerciseEditor({ id, navigate }: ScreenProps & { id?: string }) {
  const { t } = useLang();
  const client = useQueryClient();
  const existing = useQuery({ ...exerciseQueries.one(id ?? ''), enabled: id !== undefined });
  const levels = useQuery(situationQueries.levels()).data ?? [];
  const orgs = useQuery(orgQueries.list()).data?.items ?? [];
  const [mode, setMode] = useState<Mode>('file');
  const [fileText, setFileText] = useState('');
  const [draft, setDraft] = useState<ScenarioDraft>(emptyDraft);
  const [version, setVersion] = useState<number | null>(null);
  const [problems, setProblems] = useState<ScenarioProblem[]>([]);
  const [refusal, setRefusal] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  const problemsRef = useRef<HTMLDivElement>(null);
  const loaded = existing.data;

  // A draft opens in the builder with what it holds, at the version read.
  useEffect(() => {
    if (!loaded || version !== null) return;
    setDraft(draftOf(loaded));
    setVersion(loaded.version);
    setMode('builder');
  }, [loaded, version]);

  useEffect(() => {
    if (problems.length > 0 || refusal) problemsRef.current?.focus();
  }, [problems, refusal]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblems([]);
    setRefusal(null);
    const source: ScenarioSource =
      mode === 'file' ? { file: fileText } : { scenario: scenarioOf(draft, orgs) };
    try {
      const saved: ExerciseDetail =
        id !== undefined && version !== null
          ? await exercisesApi.edit(id, version, source)
          : await exercisesApi.create(source, key.current);
      client.setQueryData(exerciseQueries.one(saved.id).queryKey, saved);
      void client.invalidateQueries({ queryKey: ['exercises', 'list'] });
      navigate(exercisePath(saved.id), null);
    } catch (e) {
      const found = problemsOf(e);
      if (found.length > 0) setProblems(found);
      else setRefusal(e);
    } finally {
      setBusy(false);
    }
  }

  async function reloadLatest() {
    if (id === undefined) return;
    const fresh = await client.fetchQuery({ ...exerciseQueries.one(id), staleTime: 0 });
    setDraft(draftOf(fresh));
    setVersion(fresh.version);
    setRefusal(null);
  }

  if (id !== undefined && existing.error)
    return (
      <p className="error" role="alert">
        {refusalOf(t, existing.error)}
      </p>
    );
  if (id !== undefined && !loaded) return <p className="muted">{t('common.loading')}</p>;
  const stale = refusal instanceof ApiError && refusal.code === 'exercises.version_conflict';
  const setInject = (i: number, next: (typeof draft.injects)[number]) =>
    setDraft({ ...draft, injects: draft.injects.map((x, j) => (j === i ? next : x)) });

  return (
    <section className="exercises sharing" aria-labelledby="exercise-editor-heading">
      <ExerciseBanner exercise={loaded ? loaded : {}} />
      <h1 id="exercise-editor-heading">
        {loaded ? t('exercises.editHeading', { number: loaded.number }) : t('exercises.newHeading')}
      </h1>
      <form className="form" onSubmit={save} noValidate>
        <fieldset className="segmented">
          <legend>{t('exercises.mode')}</legend>
          {(['file', 'builder'] as const).map((m) => (
            <span key={m} className="check">
              <input
                type="radio"
                id={`exercise-mode-${m}`}
                name="exercise-mode"
                checked={mode === m}
                onChange={() => setMode(m)}
              />
              <label htmlFor={`exercise-mode-${m}`}>{t(`exercises.mode.${m}`)}</label>
            </span>
          ))}
        </fieldset>
        {mode === 'file' ? (
          <>
            <Field id="exercise-file" label={t('exercises.file')} hint={t('exercises.fileHint')}>
              {(c) => (
                <input
                  {...c}
                  type="file"
                  accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
                  onChange={async (e) => {
                    const file = e.target.files?.[0];
                    if (file) setFileText(await file.text());
                  }}
                />
              )}
            </Field>
            <Field id="exercise-file-text" label={t('exercises.fileText')}>
              {(c) => (
                <textarea
                  {...c}
                  className="scenario-text"
                  rows={14}
                  spellCheck={false}
                  value={fileText}
                  onChange={(e) => setFileText(e.target.value)}
                />
              )}
            </Field>
          </>
        ) : (
          <>
            <Field id="exercise-name" label={t('exercises.field.name')}>
              {(c) => (
                <input
                  {...c}
                  type="text"
                  maxLength={200}
                  value={draft.name}
                  onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                />
              )}
            </Field>
            <Field id="exercise-description" label={t('exercises.field.description')}>
              {(c) => (
                <textarea
                  {...c}
                  rows={3}
                  value={draft.description}
                  onChange={(e) => setDraft({ ...draft, description: e.target.value })}
                />
              )}
            </Field>
            <fieldset>
              <legend>{t('exercises.targets')}</legend>
              <div className="targets">
                {TARGETS.map((name) => (
                  <Field key={name} id={`exercise-target-${name}`} label={t(`exercises.target.${name}`)}>
                    {(c) => (
                      <input
                        {...c}
                        type="number"
                        inputMode="numeric"
                        min={1}
                        value={draft.targets[name] ?? ''}
                        onChange={(e) =>
                          setDraft({ ...draft, targets: { ...draft.targets, [name]: e.target.value } })
                        }
                      />
                    )}
                  </Field>
                ))}
              </div>
            </fieldset>
            <h2>{t('exercises.injects')}</h2>
            {draft.injects.map((inject, i) => (
              <InjectForm
                key={inject.key}
                inject={inject}
                n={i + 1}
                levels={levels}
                orgs={orgs}
                onChange={(next) => setInject(i, next)}
                onRemove={
                  draft.injects.length > 1
                    ? () => setDraft({ ...draft, injects: draft.injects.filter((_, j) => j !== i) })
                    : null
                }
              />
            ))}
            <p>
              <button
                type="button"
                onClick={() =>
                  setDraft({
                    ...draft,
                    injects: [...draft.injects, newInject('note', draft.injects.at(-1)?.at ?? 'T+0')],
                  })
                }
              >
                {t('exercises.addInject')}
              </button>
            </p>
          </>
        )}
        <div ref={problemsRef} tabIndex={-1} aria-live="polite">
          {problems.length > 0 && (
            <div className="error" role="alert">
              <p>{t('exercises.problems', { n: problems.length })}</p>
              <ul className="problems">
                {problems.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity beyond their place
                  <ProblemItem key={i} p={p} />
                ))}
              </ul>
            </div>
          )}
          {refusal ? (
            <p className="error" role="alert">
              {refusalOf(t, refusal)}{' '}
              {stale && (
                <button type="button" onClick={reloadLatest}>
                  {t('exercises.reload')}
                </button>
              )}
            </p>
          ) : null}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t('exercises.save')}
        </button>
      </form>
    </section>
  );
}
