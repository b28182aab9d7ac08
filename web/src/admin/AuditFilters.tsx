import { type FormEvent, useState } from 'react';
import { isMessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { ACTION_PREFIXES, type FilterValues, SUBJECT_TYPES } from './auditFilter.js';

const CUSTOM = 'custom';
const EMPTY: FilterValues = { action: '', actor: '', subjectType: '', subjectId: '', from: '', to: '' };

/**
 * The audit log's filters, applied together with one button (each change would otherwise reload a log that may
 * be long). The action is a known prefix from the list, or typed: an exact action or a prefix ending in '.'.
 */
export function AuditFilters({
  value,
  onApply,
}: {
  value: FilterValues;
  onApply: (next: FilterValues) => void;
}) {
  const { t } = useLang();
  const known = (ACTION_PREFIXES as readonly string[]).includes(value.action);
  const [draft, setDraft] = useState(value);
  const [kind, setKind] = useState(value.action === '' ? '' : known ? value.action : CUSTOM);
  const set = (name: keyof FilterValues) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [name]: e.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...draft, action: kind === CUSTOM ? draft.action : kind });
  };
  const clear = () => {
    setDraft(EMPTY);
    setKind('');
    onApply(EMPTY);
  };

  return (
    <search className="audit-filters" aria-labelledby="audit-filter-heading">
      <h2 id="audit-filter-heading">{t('audit.filter.heading')}</h2>
      <form className="card filter-grid" onSubmit={submit}>
        <div className="field">
          <label htmlFor="audit-action-kind">{t('audit.filter.action')}</label>
          <select id="audit-action-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t('audit.filter.allActions')}</option>
            {ACTION_PREFIXES.map((prefix) => {
              const key = `audit.prefix.${prefix}`;
              return (
                <option key={prefix} value={prefix}>
                  {isMessageKey(key) ? `${t(key)}（${prefix}）` : prefix}
                </option>
              );
            })}
            <option value={CUSTOM}>{t('audit.filter.customAction')}</option>
          </select>
        </div>
        {kind === CUSTOM && (
          <div className="field">
            <label htmlFor="audit-action">{t('audit.filter.actionText')}</label>
            <small id="audit-action-hint" className="muted">
              {t('audit.filter.actionHint')}
            </small>
            <input
              id="audit-action"
              aria-describedby="audit-action-hint"
              spellCheck={false}
              autoComplete="off"
              value={draft.action}
              onChange={set('action')}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor="audit-actor">{t('audit.filter.actor')}</label>
          <input
            id="audit-actor"
            type="email"
            autoComplete="off"
            value={draft.actor}
            onChange={set('actor')}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-subject-type">{t('audit.filter.subjectType')}</label>
          <select id="audit-subject-type" value={draft.subjectType} onChange={set('subjectType')}>
            <option value="">{t('audit.filter.allSubjects')}</option>
            {SUBJECT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`audit.subject.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-subject-id">{t('audit.filter.subjectId')}</label>
          <input
            id="audit-subject-id"
            spellCheck={false}
            autoComplete="off"
            value={draft.subjectId}
            onChange={set('subjectId')}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('audit.filter.from')}</label>
          <input id="audit-from" type="date" value={draft.from} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('audit.filter.to')}</label>
          <input id="audit-to" type="date" value={draft.to} onChange={set('to')} />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t('audit.filter.apply')}
          </button>
          <button type="button" onClick={clear}>
            {t('audit.filter.clear')}
          </button>
        </div>
      </form>
    </search>
  );
}
