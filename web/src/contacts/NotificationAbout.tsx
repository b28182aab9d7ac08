import { formatDateTime, orgName } from '../format.js';
import { isMessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import type { Notification } from './contacts.api.js';

const SUBJECTS = ['incident', 'share', 'consent_request', 'situation', 'situation_request'];

/** The heading of a notification: the title of what it is about when the reader may read it, else its kind. */
export const notificationHeading = (n: Notification, kind: string): string =>
  n.about?.readable && n.about.title ? n.about.title : kind;

/**
 * What a notification is about, in words: its kind (when the title heads it), body and severity; when the
 * reader may not read it yet, why (an incident still in its ministry's review); and what closed it.
 */
export function NotificationAbout({ n, kind }: { n: Notification; kind: string }) {
  const { t, lang } = useLang();
  const a = n.about;
  const org = a?.org ? orgName(a.org, lang) : n.alertOrg ? orgName(n.alertOrg, lang) : '';
  const severity = a?.severity ? `severity.${a.severity}` : '';
  const closedKey = n.closed ? `notify.closed.${n.closed.action}` : '';
  const facts = [
    ...(a?.readable && a.title ? [t('notify.kindOf', { kind })] : []),
    ...(org ? [t('notify.body', { org })] : []),
    ...(isMessageKey(severity) ? [t('notify.severity', { severity: t(severity) })] : []),
  ];
  return (
    <>
      <p className="notification-about">
        {facts.map((fact, i) => (
          <span key={fact}>
            {i > 0 ? ' · ' : ''}
            {fact}
          </span>
        ))}
      </p>
      {a && !a.readable ? (
        <p className="notification-pending">
          {t(a.pending === 'review' ? 'notify.pending.review' : 'notify.pending.restricted', { org })}
        </p>
      ) : null}
      {!a && n.subject && SUBJECTS.includes(n.subject.type) ? (
        <p className="muted">{t('notify.unavailable')}</p>
      ) : null}
      {n.closed && isMessageKey(closedKey) ? (
        <p className="notification-closed">
          {t(closedKey, {
            org: n.closed.org ? orgName(n.closed.org, lang) : '',
            at: formatDateTime(n.closed.at, lang),
          })}
        </p>
      ) : null}
    </>
  );
}
