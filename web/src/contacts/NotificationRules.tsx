import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Field } from '../admin/Field.js';
import { type Say, Status } from '../admin/Status.js';
import { ApiError } from '../api.js';
import { isMessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { firstInvalid, useFocusAfterRender } from '../ui/focus.js';
import { eventKey } from './NotificationsInbox.js';
import { refusalText } from './problemText.js';
import {
  checkRules,
  fieldOfRulePath,
  inputOfRules,
  RULE_CHANNELS,
  RULE_ROLES,
  type RuleErrors,
  type RuleValues,
  ruleFieldId,
  SEVERITIES,
  valuesOfRule,
} from './ruleForm.js';
import { ruleQueries, rulesApi } from './rules.api.js';

// A situation's notices take the minutes of its posture level, whatever the rule says (it says whether to ask).
const isSituationEvent = (event: string) => event.startsWith('situation.') || event === 'rollcall.reminded';

const DEFAULT_MINUTES = 15;

/**
 * 通知ルール: what the body's contacts are told of, how, and what they must acknowledge before the next contact
 * (and at last the center) is reached. Each event follows the default until the body sets its own rule.
 * Refusals are shown at their field, and the focus goes to the first.
 */
export function NotificationRules({ me }: ScreenProps) {
  const { t } = useLang();
  const slug = me.org.slug;
  const client = useQueryClient();
  const rules = useLoaded(ruleQueries.get(slug));
  const [values, setValues] = useState<RuleValues[] | null>(null);
  const [errors, setErrors] = useState<RuleErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [status, setStatus] = useState<Say | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender();

  useEffect(() => {
    if (rules.data) setValues(rules.data.rules.map((r) => valuesOfRule(r, DEFAULT_MINUTES)));
  }, [rules.data]);

  const change = (i: number, patch: Partial<RuleValues>) =>
    setValues(
      (all) => all?.map((r, j) => (j === i ? { ...r, ...patch, custom: patch.custom ?? true } : r)) ?? null,
    );
  const toggle = (list: string[], item: string) =>
    list.includes(item) ? list.filter((x) => x !== item) : [...list, item];

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!values) return;
    setProblem(null);
    setStatus(null);
    const found = checkRules(values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusAfterRender(firstInvalid(form));
      return;
    }
    setBusy(true);
    try {
      const written = await rulesApi.replace(slug, inputOfRules(values));
      const pending = !('rules' in written);
      const say: Say = (t) => t(pending ? 'rules.asked' : 'rules.saved');
      setStatus(() => say);
      if ('rules' in written) {
        // The form shows what was saved, as the server put it.
        setValues(written.rules.map((r) => valuesOfRule(r, DEFAULT_MINUTES)));
        void client.invalidateQueries({ queryKey: ruleQueries.get(slug).queryKey });
      }
      focusAfterRender(() => form.current?.querySelector<HTMLElement>('button[type="submit"]'));
    } catch (e) {
      const byField: RuleErrors = {};
      if (e instanceof ApiError && e.code === 'request.validation_failed')
        for (const p of e.fields) {
          const id = fieldOfRulePath(p.path, values);
          if (id) byField[id] ??= 'rules.error.invalid';
        }
      setErrors(byField);
      setProblem(Object.keys(byField).length > 0 ? null : e);
      focusAfterRender(
        Object.keys(byField).length > 0
          ? firstInvalid(form)
          : () => form.current?.querySelector<HTMLElement>('[role="alert"]'),
      );
    } finally {
      setBusy(false);
    }
  }

  const group = (i: number, r: RuleValues, field: 'roles' | 'channels', items: readonly string[]) => {
    const id = ruleFieldId(i, field);
    const error = errors[id];
    return (
      <fieldset className="rule-group">
        <legend>{t(field === 'roles' ? 'rules.roles' : 'rules.channels')}</legend>
        {error && (
          <p id={`${id}-error`} className="field-error">
            {t(error)}
          </p>
        )}
        {items.map((item, k) => {
          const key = field === 'roles' ? `contacts.role.${item}` : `notify.channel.${item}`;
          return (
            <div className="checkbox-row" key={item}>
              <input
                type="checkbox"
                id={k === 0 ? id : `${id}-${item}`}
                checked={r[field].includes(item)}
                onChange={() => change(i, { [field]: toggle(r[field], item) })}
                {...(error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {})}
              />
              <label htmlFor={k === 0 ? id : `${id}-${item}`}>{isMessageKey(key) ? t(key) : item}</label>
            </div>
          );
        })}
      </fieldset>
    );
  };

  const severitySelect = (
    i: number,
    field: 'minSeverity' | 'ackMinSeverity',
    label: string,
    none: string,
  ) => {
    const r = values?.[i];
    if (!r) return null;
    return (
      <Field id={ruleFieldId(i, field)} label={label}>
        {(w) => (
          <select {...w} value={r[field]} onChange={(e) => change(i, { [field]: e.target.value })}>
            <option value="">{none}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t('rules.fromSeverity', { severity: t(`severity.${s}`) })}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  };

  return (
    <section aria-labelledby="rules-heading" className="admin notification-rules">
      <h1 id="rules-heading" tabIndex={-1}>
        {t('rules.heading')}
      </h1>
      <p className="muted">{t('rules.intro')}</p>
      <Status say={status} />
      {rules.error ? (
        <p className="error" role="alert">
          {refusalText(t, rules.error)}
        </p>
      ) : !values ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <form ref={form} className="form rules-form" onSubmit={submit} noValidate>
          {values.map((r, i) => (
            <fieldset key={r.event} className="card rule">
              <legend>{t(eventKey(r.event))}</legend>
              <div className="checkbox-row">
                <input
                  type="checkbox"
                  id={ruleFieldId(i, 'custom')}
                  checked={!r.custom}
                  onChange={(e) => change(i, { custom: !e.target.checked })}
                />
                <label htmlFor={ruleFieldId(i, 'custom')}>{t('rules.followDefault')}</label>
              </div>
              <div className="checkbox-row">
                <input
                  type="checkbox"
                  id={ruleFieldId(i, 'enabled')}
                  checked={r.enabled}
                  onChange={(e) => change(i, { enabled: e.target.checked })}
                />
                <label htmlFor={ruleFieldId(i, 'enabled')}>{t('rules.enabled')}</label>
              </div>
              {severitySelect(i, 'minSeverity', t('rules.minSeverity'), t('rules.allSeverities'))}
              {group(i, r, 'roles', RULE_ROLES)}
              {group(i, r, 'channels', RULE_CHANNELS)}
              <div className="checkbox-row">
                <input
                  type="checkbox"
                  id={ruleFieldId(i, 'ack')}
                  checked={r.ack}
                  onChange={(e) => change(i, { ack: e.target.checked })}
                />
                <label htmlFor={ruleFieldId(i, 'ack')}>{t('rules.ack')}</label>
              </div>
              {r.ack && (
                <>
                  <Field
                    id={ruleFieldId(i, 'ackMinutes')}
                    label={t('rules.ackMinutes')}
                    hint={
                      isSituationEvent(r.event)
                        ? `${t('rules.ackMinutesHint')} ${t('rules.situationMinutes')}`
                        : t('rules.ackMinutesHint')
                    }
                    error={errors[ruleFieldId(i, 'ackMinutes')]}
                  >
                    {(w) => (
                      <input
                        {...w}
                        type="text"
                        inputMode="numeric"
                        autoComplete="off"
                        value={r.ackMinutes}
                        onChange={(e) => change(i, { ackMinutes: e.target.value })}
                      />
                    )}
                  </Field>
                  {severitySelect(i, 'ackMinSeverity', t('rules.ackMinSeverity'), t('rules.ackAlways'))}
                </>
              )}
            </fieldset>
          ))}
          {problem ? (
            <p className="error" role="alert" tabIndex={-1}>
              {refusalText(t, problem)}
            </p>
          ) : null}
          {Object.keys(errors).length > 0 && (
            <p className="error" role="alert">
              {t('rules.fixErrors')}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('rules.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** The way from a body's contact structure to its notification rules (shown for one's own body). */
export function RulesLink({ navigate }: { navigate: (path: string) => void }) {
  const { t } = useLang();
  return (
    <p>
      <a href="/notification-rules" onClick={followLink(navigate, '/notification-rules')}>
        {t('notify.editRules')}
      </a>
    </p>
  );
}
