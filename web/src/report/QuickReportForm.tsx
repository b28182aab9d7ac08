import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type ApiError, newIdempotencyKey } from '../api.js';
import { ReportFormFields } from '../incidents/ReportFormFields.js';
import { type IndicatorError, IndicatorFields } from '../indicators/IndicatorFields.js';
import { useLang } from '../lang.js';
import { ExerciseBanner } from '../marks/ExerciseBanner.js';
import { incidentPath, situationPath, useQueryState } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { DraftNotice, type DraftNoticeKind } from './DraftNotice.js';
import { type Draft, loadDraft, newDraft, removeDraft, saveDraft } from './draft.js';
import { revealField } from './Field.js';
import { EMPTY_REPORT, emptyQuick, hasContent, type QuickValues, quickBody } from './fields.js';
import { OptionalFields } from './OptionalFields.js';
import { RequiredFields } from './RequiredFields.js';
import { SendStatus } from './SendStatus.js';
import { useSendQueue } from './sendQueue.js';
import {
  byField,
  type FieldError,
  type FieldErrors,
  type FieldName,
  serverFieldErrors,
  validateQuick,
} from './validate.js';
import './report.css';
import { useFocusAfterRender } from '../ui/focus.js';
import { useFocusOnOpen } from './useFocusOnOpen.js';

const PREFIX = 'report';
const idOf = (error: FieldError) => `${PREFIX}-${error.field}`;

/**
 * The quick report (速報): only what raises the alarm up front — title, summary, when it was detected — and
 * the rest folded away, so that a report from a phone takes under a minute. What is typed is kept as a
 * draft on this device until the server confirms the report, and sending survives a lost connection.
 */
export function QuickReportForm({ me, navigate }: ScreenProps) {
  const { t } = useLang();
  const [stored] = useState(() => loadDraft(me.email));
  const draft = useRef<Draft>(stored ?? newDraft(emptyQuick(new Date())));
  const [values, setValues] = useState<QuickValues>(draft.current.values);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [indicatorError, setIndicatorError] = useState<IndicatorError | null>(null);
  const [indicatorsOpen] = useState(() => (draft.current.values.indicators ?? []).length > 0);
  const [notice, setNotice] = useState<DraftNoticeKind | null>(
    stored ? (stored.sending ? 'resuming' : 'restored') : null,
  );
  // A restored draft with optional values shows them; a blank form keeps them folded.
  const [optionalOpen] = useState(() =>
    hasContent({ ...draft.current.values, ...EMPTY_REPORT, title: '', summary: '' }),
  );
  const [detailsOpen] = useState(() => {
    const { responseStatus, cause, nextSteps, contactName, contactPhone, contactEmail, police, ppc } =
      draft.current.values;
    return [responseStatus, cause, nextSteps, contactName, contactPhone, contactEmail, police, ppc].some(
      (v) => v.trim() !== '',
    );
  });
  // Filed from a situation's roll-call (被害あり → 速報を提出): back there, to answer with this incident.
  const [params] = useQueryState();
  const situation = params.get('situation');
  // Filed in an exercise (from an exercise situation's roll-call): exercise data of that exercise.
  const exercise = params.get('exercise');
  const statusRef = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();
  // Whoever opens the report screen has something to report: the keyboard starts in its title.
  useFocusOnOpen(`${PREFIX}-title`);

  function keep(patch: Partial<Draft>) {
    draft.current = { ...draft.current, ...patch, savedAt: new Date().toISOString() };
    if (hasContent(draft.current.values) || draft.current.sending) saveDraft(me.email, draft.current);
    else removeDraft(me.email);
  }

  function showErrors(found: FieldError[]) {
    setErrors(byField(found));
    const first = found[0];
    if (first) focusAfterRender(() => revealField(idOf(first)));
  }

  const queue = useSendQueue({
    onFiled: (incident, shown) => {
      removeDraft(me.email);
      if (!shown) return;
      if (situation)
        navigate(
          situationPath(situation, new URLSearchParams({ incident: incident.id }).toString()),
          'report.filed',
        );
      else navigate(incidentPath(incident.id), 'report.filed');
    },
    onRefused: (error: ApiError) => {
      // The server stores nothing for a refusal; only a key already used for other content must change.
      keep({
        sending: null,
        ...(error.code === 'idempotency.key_reused' ? { key: newIdempotencyKey() } : {}),
      });
      setNotice((current) => (current === 'resuming' ? 'restored' : current));
      // An indicator the server refused: its row says why, and the keyboard goes to its value.
      const entry = error.extra.entry;
      if (error.code.startsWith('indicators.') && typeof entry === 'number') {
        setIndicatorError({ entry, code: error.code, detail: error.message });
        focusAfterRender(() => revealField(`${PREFIX}-indicator-${entry}-value`));
        return;
      }
      const found = serverFieldErrors(
        error.code,
        error.fields.map((f) => f.path),
      );
      if (found.length > 0) showErrors(found);
      else focusAfterRender(() => statusRef.current);
    },
  });
  const { send } = queue;
  const waiting = queue.state.phase === 'offline' || queue.state.phase === 'retrying';
  const locked = waiting || queue.state.phase === 'sending';

  // A report submitted before a reload, a closed tab or a lost session goes on where it stopped.
  useEffect(() => {
    const pending = draft.current.sending;
    if (pending) send(pending, draft.current.key, draft.current.sendingExercise);
  }, [send]);

  function change(patch: Partial<QuickValues>) {
    const next = { ...values, ...patch };
    setValues(next);
    keep({ values: next });
    // A field being corrected stops saying it is wrong; the next submit judges it again.
    setErrors((current) => {
      const left = { ...current };
      for (const name of Object.keys(patch)) delete left[name as FieldName];
      return left;
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (locked) return;
    const found = validateQuick(values, new Date());
    if (found.length > 0) return showErrors(found);
    setErrors({});
    const body = quickBody(values);
    keep({ values, sending: body, sendingExercise: exercise });
    send(body, draft.current.key, exercise);
  }

  function stopSending() {
    queue.cancel();
    keep({ sending: null });
    focusAfterRender(() => revealField(`${PREFIX}-title`));
  }

  function discard() {
    queue.cancel();
    removeDraft(me.email);
    draft.current = newDraft(emptyQuick(new Date()));
    setValues(draft.current.values);
    setErrors({});
    setNotice('discarded');
    focusAfterRender(() => revealField(`${PREFIX}-title`));
  }

  return (
    <section aria-labelledby="report-heading" className="quick-report">
      <h1 id="report-heading">{t('report.heading')}</h1>
      <ExerciseBanner exercise={exercise ? { id: exercise } : null} />
      <p className="muted intro">{t('report.intro')}</p>
      {notice && (
        <DraftNotice kind={notice} savedAt={draft.current.savedAt} canDiscard={!locked} onDiscard={discard} />
      )}
      <form className="card form report-form" noValidate onSubmit={submit}>
        <RequiredFields prefix={PREFIX} values={values} errors={errors} disabled={locked} onChange={change} />
        <details className="optional" open={optionalOpen}>
          <summary>{t('report.optional')}</summary>
          <OptionalFields
            prefix={PREFIX}
            values={values}
            errors={errors}
            disabled={locked}
            onChange={change}
          />
        </details>
        <details className="optional" open={detailsOpen}>
          <summary>{t('report.details')}</summary>
          <ReportFormFields
            prefix={PREFIX}
            values={values}
            errors={errors}
            disabled={locked}
            onChange={change}
          />
        </details>
        <details className="optional" open={indicatorsOpen}>
          <summary>{t('indicators.heading')}</summary>
          <IndicatorFields
            prefix={PREFIX}
            rows={values.indicators ?? []}
            error={indicatorError}
            disabled={locked}
            onChange={(indicators) => {
              setIndicatorError(null);
              change({ indicators });
            }}
          />
        </details>
        <SendStatus
          state={queue.state}
          onRetry={queue.retryNow}
          onCancel={stopSending}
          focusRef={statusRef}
        />
        {/* While it waits, the status offers what can be done (retry now, stop and edit). */}
        {!waiting && (
          <button type="submit" className="primary" disabled={locked}>
            {locked ? t('report.submitting') : t('report.submit')}
          </button>
        )}
        <p className="hint">{t('report.autosave')}</p>
      </form>
    </section>
  );
}
