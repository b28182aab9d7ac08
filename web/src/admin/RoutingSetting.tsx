import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { formatMinutes, orgName } from '../format.js';
import { useLang } from '../lang.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { adminApi, type Org, type ReviewDeadline } from './admin.api.js';
import { Field } from './Field.js';
import { FormEnd } from './FormEnd.js';
import { type FieldErrors, splitProblem } from './problems.js';

/**
 * A ministry's review mode: whether its agencies' reports wait for its review before going to the center, and
 * how long at most, within the server's bounds. Shown to everyone; changed by those the server allows
 * (`editable`).
 */
export function RoutingSetting({
  org,
  bounds,
  editable,
  describedBy,
  onSaved,
}: {
  org: Org;
  bounds: ReviewDeadline;
  editable: boolean;
  describedBy: string;
  onSaved: (org: Org) => void;
}) {
  const { t, lang } = useLang();
  const [editing, setEditing] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const deadline =
    org.reviewDeadlineMinutes === null
      ? t('orgs.review.defaultDeadline', { deadline: formatMinutes(bounds.defaultMinutes, lang) })
      : formatMinutes(org.reviewDeadlineMinutes, lang);

  const close = (saved: Org | null) => {
    setEditing(false);
    if (saved) onSaved(saved);
    focusAfterRender(() => opener.current);
  };

  return (
    <div className="routing">
      <p className={org.reviewMode ? 'review-on' : 'review-off'}>
        {org.reviewMode ? t('orgs.review.on', { deadline }) : t('orgs.review.off')}
      </p>
      {editing ? (
        <RoutingForm org={org} bounds={bounds} onDone={close} />
      ) : (
        editable && (
          <button type="button" ref={opener} aria-describedby={describedBy} onClick={() => setEditing(true)}>
            {t('orgs.review.edit')}
          </button>
        )
      )}
    </div>
  );
}

function RoutingForm({
  org,
  bounds,
  onDone,
}: {
  org: Org;
  bounds: ReviewDeadline;
  onDone: (saved: Org | null) => void;
}) {
  const { t, lang } = useLang();
  const id = useId();
  const [mode, setMode] = useState(org.reviewMode);
  const [minutes, setMinutes] = useState(org.reviewDeadlineMinutes?.toString() ?? '');
  const [errors, setErrors] = useState<FieldErrors<'reviewDeadlineMinutes'>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  // Opened by its button: the keyboard goes on to the first thing to decide.
  useEffect(() => first.current?.focus(), []);

  async function save(event: FormEvent) {
    event.preventDefault();
    const value = minutes.trim() === '' ? null : Number(minutes);
    if (value !== null && (!Number.isInteger(value) || value < 1 || value > bounds.maxMinutes)) {
      setErrors({ reviewDeadlineMinutes: 'orgs.review.deadlineInvalid' });
      return;
    }
    setBusy(true);
    setErrors({});
    setProblem(null);
    try {
      onDone(await adminApi.configureRouting(org.slug, mode, value));
    } catch (e) {
      const { byField, rest } = splitProblem(e, ['reviewDeadlineMinutes'] as const);
      setErrors(byField);
      setProblem(rest);
      setBusy(false);
    }
  }

  return (
    <form className="routing-form" onSubmit={save} noValidate>
      <fieldset>
        <legend>{t('orgs.review.legend', { name: orgName(org, lang) })}</legend>
        <div className="checkbox-row">
          <input
            id={`${id}-mode`}
            type="checkbox"
            checked={mode}
            ref={first}
            onChange={(e) => setMode(e.target.checked)}
          />
          <label htmlFor={`${id}-mode`}>{t('orgs.review.mode')}</label>
        </div>
        <Field
          id={`${id}-minutes`}
          label={t('orgs.review.deadline')}
          hint={`${t('orgs.review.deadlineHint')} ${t('orgs.review.deadlineBounds', {
            default: bounds.defaultMinutes,
            max: bounds.maxMinutes,
          })}`}
          error={errors.reviewDeadlineMinutes}
        >
          {(wiring) => (
            <input
              {...wiring}
              className="narrow"
              type="number"
              inputMode="numeric"
              min={1}
              max={bounds.maxMinutes}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
            />
          )}
        </Field>
      </fieldset>
      <FormEnd problem={problem} busy={busy} submit={t('admin.form.save')} onCancel={() => onDone(null)} />
    </form>
  );
}
