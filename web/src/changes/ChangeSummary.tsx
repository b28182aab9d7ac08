import { roleName } from '../admin/roles.js';
import { eventKey } from '../contacts/NotificationsInbox.js';
import { isMessageKey, type MessageKey, type Translate } from '../i18n.js';
import { useLang } from '../lang.js';
import type { Change } from './changes.api.js';

// What a change is, by kind, from its summary: the server's allow-list of what the body's officers are shown.
// Every value is text put into the page as text.

type Row = { label: MessageKey; value: string };

const text = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v))
    return v
      .map((p) => (typeof p === 'object' && p && 'number' in p ? (p as { number: string }).number : text(p)))
      .join(', ');
  if (typeof v === 'object' && v && 'start' in v && 'end' in v)
    return `${(v as { start: string }).start}–${(v as { end: string }).end}`;
  return JSON.stringify(v);
};

/** A field's value in words: roles and states translated, the rest as written. */
function wordsOf(t: Translate, field: string, v: unknown): string {
  if (field === 'role' && typeof v === 'string') {
    const contact = `contacts.role.${v}`;
    return isMessageKey(contact) ? t(contact) : roleName(t, v);
  }
  if (field === 'disabled') return t(v ? 'changes.disabledState' : 'changes.enabled');
  if (field === 'locale') return v === 'en' ? 'English' : '日本語';
  const shown = text(v);
  return shown === '' ? t('changes.none') : shown;
}

const label = (field: string): MessageKey => {
  const key = `changes.field.${field}`;
  return isMessageKey(key) ? key : 'changes.what';
};

const FIELDS = ['email', 'displayName', 'name', 'role', 'phones', 'webhookUrl', 'order', 'locale'];

function rowsOf(t: Translate, change: Change): Row[] {
  const s = change.summary as Record<string, unknown>;
  return FIELDS.filter((f) => f in s && s[f] !== null && s[f] !== undefined).map((f) => ({
    label: label(f),
    value: wordsOf(t, f, s[f]),
  }));
}

/** The fields of a change, as rows of the change's description list. */
export function SummaryRows({ change }: { change: Change }) {
  const { t } = useLang();
  const s = change.summary as Record<string, unknown>;
  const rules = Array.isArray(s.rules) ? (s.rules as { event: string; enabled: boolean }[]) : [];
  return (
    <>
      {rowsOf(t, change).map((r) => (
        <div key={r.label}>
          <dt>{t(r.label)}</dt>
          <dd>{r.value}</dd>
        </div>
      ))}
      {rules.length > 0 && (
        <div>
          <dt>{t('changes.field.rules')}</dt>
          <dd>
            {rules
              .map((r) => `${t(eventKey(r.event))}: ${t(r.enabled ? 'changes.ruleOn' : 'changes.ruleOff')}`)
              .join(' / ')}
          </dd>
        </div>
      )}
    </>
  );
}

/** What each changed field changes from and to. */
export function ChangeDiff({ change }: { change: Change }) {
  const { t } = useLang();
  const s = change.summary as Record<string, unknown>;
  const changes = (s.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
  if (Object.keys(changes).length === 0) return null;
  return (
    <table className="change-diff">
      <caption className="visually-hidden">{t('changes.what')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('changes.what')}</th>
          <th scope="col">{t('changes.from')}</th>
          <th scope="col">{t('changes.to')}</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(changes).map(([field, c]) => (
          <tr key={field}>
            <th scope="row">{t(label(field))}</th>
            <td data-label={t('changes.from')}>{wordsOf(t, field, c.from)}</td>
            <td data-label={t('changes.to')}>{wordsOf(t, field, c.to)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
