import { formatDateTime } from '../format.js';
import { isMessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import type { AuditEntry } from './admin.api.js';

/** The detail of an entry as indented JSON text: it may hold anything a user typed, so it is never HTML. */
function detailText(detail: unknown): string | null {
  if (detail === null || detail === undefined) return null;
  if (typeof detail === 'object' && Object.keys(detail).length === 0) return null;
  return JSON.stringify(detail, null, 2);
}

/** Audit entries, newest first: when, what, who, on what, and the detail on demand. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { t, lang } = useLang();
  return (
    <table className="incidents admin-table audit-table">
      <caption className="visually-hidden">{t('audit.entries')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('audit.col.seq')}</th>
          <th scope="col">{t('audit.col.at')}</th>
          <th scope="col">{t('audit.col.action')}</th>
          <th scope="col">{t('audit.col.actor')}</th>
          <th scope="col">{t('audit.col.subject')}</th>
          <th scope="col">{t('audit.col.detail')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const label = `audit.action.${entry.action}`;
          const subject = `audit.subject.${entry.subjectType}`;
          const detail = detailText(entry.detail);
          return (
            <tr key={entry.id} data-action={entry.action}>
              <th scope="row" className="num">
                {entry.seq ?? <span className="muted">{t('audit.unsealed')}</span>}
              </th>
              <td data-label={t('audit.col.at')}>
                <time dateTime={entry.at}>{formatDateTime(entry.at, lang)}</time>
              </td>
              <td data-label={t('audit.col.action')}>
                {isMessageKey(label) && <span className="block">{t(label)}</span>}
                <code className="action">{entry.action}</code>
              </td>
              <td data-label={t('audit.col.actor')}>
                {entry.actorEmail ?? entry.actorUserId ?? <span className="muted">{t('audit.system')}</span>}
                {entry.actorOrgSlug && <span className="muted block">{entry.actorOrgSlug}</span>}
              </td>
              <td data-label={t('audit.col.subject')}>
                {isMessageKey(subject) ? t(subject) : entry.subjectType}
                {entry.subjectId && <code className="block id">{entry.subjectId}</code>}
              </td>
              <td data-label={t('audit.col.detail')}>
                {detail ? (
                  <details>
                    <summary>{t('audit.showDetail')}</summary>
                    <pre className="json">{detail}</pre>
                  </details>
                ) : (
                  <span className="muted">{t('common.none')}</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
