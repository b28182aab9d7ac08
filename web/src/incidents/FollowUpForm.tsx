import { type FormEvent, useRef, useState } from 'react';
import { ApiError, type IncidentDetail, newIdempotencyKey } from '../api.js';
import { type IndicatorError, IndicatorFields } from '../indicators/IndicatorFields.js';
import { type IndicatorRow, indicatorsBody } from '../indicators/indicators.api.js';
import { useLang } from '../lang.js';
import { Field, revealField } from '../report/Field.js';
import { clean } from '../report/fields.js';
import { OptionalFields } from '../report/OptionalFields.js';
import { type FollowUpInput, reportApi } from '../report/report.api.js';
import {
  byField,
  type FieldError,
  type FieldErrors,
  LIMITS,
  requiredText,
  serverFieldErrors,
  validateOptional,
} from '../report/validate.js';
import { FinalConfirm } from './FinalConfirm.js';
import { FollowUpKind } from './FollowUpKind.js';
import { changedFields, type FollowUpValues, valuesOf } from './followUpValues.js';
import { ReportFormFields } from './ReportFormFields.js';
import '../report/report.css';
import { useFocusAfterRender } from '../ui/focus.js';

const PREFIX = 'followup';
type Kind = FollowUpInput['kind'];

export type FollowUpOutcome = { kind: Kind } | { problem: 'keyReused' | 'alreadyFinal' };

/**
 * Adds an update (続報) or the final report (確報), starting from the incident as it stands: only what is
 * changed is sent, an emptied field is cleared. A final report is confirmed first, showing what it closes.
 * One Idempotency-Key per report being written: sending it again after a lost answer files it once; the key
 * changes only once the server has confirmed it.
 */
export function FollowUpForm({
  detail,
  onDone,
}: {
  detail: IncidentDetail;
  onDone: (outcome: FollowUpOutcome) => void;
}) {
  const incidentId = detail.id;
  const { t } = useLang();
  const [kind, setKind] = useState<Kind>('update');
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  // What the incident holds now; the form's values start there (a reload after saving starts a new form).
  const [initial] = useState<FollowUpValues>(() => valuesOf(detail));
  const [optional, setOptional] = useState<FollowUpValues>(initial);
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // This report's own indicators: a follow-up adds to those of the reports before it.
  const [indicators, setIndicators] = useState<IndicatorRow[]>([]);
  const [indicatorError, setIndicatorError] = useState<IndicatorError | null>(null);
  const key = useRef(newIdempotencyKey());
  const alert = useRef<HTMLParagraphElement>(null);
  const focusAfterRender = useFocusAfterRender();

  function showErrors(found: FieldError[]) {
    setErrors(byField(found));
    const first = found[0];
    if (first) focusAfterRender(() => revealField(`${PREFIX}-${first.field}`));
  }

  function reset() {
    key.current = newIdempotencyKey();
    setText('');
    setTitle('');
    setOptional(initial);
    setIndicators([]);
    setIndicatorError(null);
    setKind('update');
    setConfirming(false);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found = [
      requiredText('text', text, LIMITS.text),
      title.trim() ? requiredText('title', title, LIMITS.title, true) : null,
      ...validateOptional(optional),
    ].filter((e): e is FieldError => e !== null);
    setFailure(null);
    if (found.length > 0) return showErrors(found);
    setErrors({});
    if (kind === 'final') setConfirming(true);
    else void send();
  }

  function back() {
    setConfirming(false);
    focusAfterRender(() => document.getElementById('followup-submit'));
  }

  async function send() {
    const body: FollowUpInput = {
      kind,
      text: clean(text),
      ...(title.trim() ? { title: clean(title) } : {}),
      ...changedFields(initial, optional),
    };
    const named = indicatorsBody(indicators);
    if (named.length > 0) body.indicators = named;
    setBusy(true);
    try {
      await reportApi.addFollowUp(incidentId, body, key.current);
      reset();
      onDone({ kind });
    } catch (e) {
      const refusal = e instanceof ApiError ? e : null;
      // 401: the shell shows the login.
      if (refusal?.status === 401) return;
      if (refusal?.code === 'idempotency.key_reused') {
        reset();
        return onDone({ problem: 'keyReused' });
      }
      if (refusal?.code === 'incidents.already_final') return onDone({ problem: 'alreadyFinal' });
      setConfirming(false);
      const entry = refusal?.extra.entry;
      if (refusal?.code.startsWith('indicators.') && typeof entry === 'number') {
        setIndicatorError({ entry, code: refusal.code, detail: refusal.message });
        focusAfterRender(() => revealField(`${PREFIX}-indicator-${entry}-value`));
        return;
      }
      setFailure(refusal ? t('common.error', { code: refusal.code }) : t('detail.followUp.network'));
      const fields = refusal
        ? serverFieldErrors(
            refusal.code,
            refusal.fields.map((f) => f.path),
          )
        : [];
      if (fields.length > 0) showErrors(fields);
      else focusAfterRender(() => alert.current);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card follow-up" aria-labelledby="followup-heading">
      <h2 id="followup-heading">{t('detail.followUp.heading')}</h2>
      <form className="form report-form" noValidate onSubmit={submit}>
        <FollowUpKind kind={kind} onChange={setKind} disabled={busy} />
        <Field
          id={`${PREFIX}-text`}
          label="detail.followUp.text"
          required
          hint="detail.followUp.textHint"
          error={errors.text}
        >
          {(control) => (
            <textarea
              {...control}
              rows={4}
              disabled={busy}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <details className="optional">
          <summary>{t('detail.followUp.optional')}</summary>
          <Field id={`${PREFIX}-title`} label="detail.followUp.title" error={errors.title}>
            {(control) => (
              <input
                {...control}
                disabled={busy}
                autoComplete="off"
                value={title}
                onChange={(e) => setTitle(e.target.value)}
              />
            )}
          </Field>
          <p className="hint">{t('detail.followUp.prefilled')}</p>
          <OptionalFields
            prefix={PREFIX}
            values={optional}
            errors={errors}
            disabled={busy}
            onChange={(patch) => setOptional((current) => ({ ...current, ...patch }))}
          />
          <ReportFormFields
            prefix={PREFIX}
            values={optional}
            errors={errors}
            disabled={busy}
            onChange={(patch) => setOptional((current) => ({ ...current, ...patch }))}
          />
        </details>
        <details className="optional">
          <summary>{t('indicators.heading')}</summary>
          <IndicatorFields
            prefix={PREFIX}
            rows={indicators}
            error={indicatorError}
            disabled={busy}
            onChange={(rows) => {
              setIndicatorError(null);
              setIndicators(rows);
            }}
          />
        </details>
        {failure && (
          <p className="error" role="alert" tabIndex={-1} ref={alert}>
            {failure}
          </p>
        )}
        {confirming ? (
          <FinalConfirm
            detail={detail}
            values={optional}
            busy={busy}
            onConfirm={() => void send()}
            onBack={back}
          />
        ) : (
          <button id="followup-submit" type="submit" className="primary" disabled={busy}>
            {busy ? t('detail.followUp.submitting') : t(`detail.followUp.submit.${kind}`)}
          </button>
        )}
      </form>
    </section>
  );
}
