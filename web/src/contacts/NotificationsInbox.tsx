import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { type Say, Status } from '../admin/Status.js';
import { formatDateTime, orgName } from '../format.js';
import { isMessageKey, type MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { consentPath, followLink, incidentPath, sharePath } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { TlpBadge } from '../ui/Badges.js';
import { contactQueries, contactsApi, type Notification } from './contacts.api.js';
import { NotificationAbout, notificationHeading } from './NotificationAbout.js';
import { refusalText } from './problemText.js';

/** What a notification is about, in words. */
export const eventKey = (event: string): MessageKey => {
  const key = `notify.event.${event}`;
  return isMessageKey(key) ? key : 'notify.event.other';
};

const LINK_LABELS: Record<string, MessageKey> = {
  incident: 'notify.openIncident',
  share: 'notify.openShare',
  consent_request: 'notify.openConsent',
  situation: 'notify.openSituation',
};

/** Where a notification leads: its incident, else the share or consent request it is about. */
function linkOf(n: Notification): { path: string; label: MessageKey } | null {
  if (n.about && !n.about.readable) return null;
  if (n.about?.path) return { path: n.about.path, label: LINK_LABELS[n.about.type] ?? 'notify.openIncident' };
  if (n.incidentId) return { path: incidentPath(n.incidentId), label: 'notify.openIncident' };
  if (n.subject?.type === 'share') return { path: sharePath(n.subject.id), label: 'notify.openShare' };
  if (n.subject?.type === 'consent_request')
    return { path: consentPath(n.subject.id), label: 'notify.openConsent' };
  if (n.subject?.type === 'change') return { path: '/changes', label: 'notify.openChange' };
  return null;
}

/**
 * 通知: what Renraku notified me of, newest first, those waiting for my acknowledgment marked. A new one
 * arrives on the live stream and shows without a reload; acknowledging stops its escalation.
 */
export function NotificationsInbox({ navigate }: ScreenProps) {
  const { t, lang } = useLang();
  const client = useQueryClient();
  // A notification arriving makes ['notifications'] stale (liveQueries.ts): the list loads again in place.
  const list = useLoaded(contactQueries.notifications());
  const [status, setStatus] = useState<Say | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const items = list.data?.items ?? [];
  const waiting = (n: Notification) => n.needsAck && n.acknowledgedAt === null;
  const open = items.filter(waiting).length;

  async function acknowledge(n: Notification) {
    setBusy(n.id);
    setProblem(null);
    try {
      await contactsApi.acknowledge(n.id);
      const done: Say = (t) => t('notify.acknowledgedDone');
      setStatus(() => done);
      // This list and the menu's count of those waiting.
      void client.invalidateQueries({ queryKey: ['notifications'] });
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="notify-heading" className="admin notifications">
      <h1 id="notify-heading" ref={heading} tabIndex={-1}>
        {t('notify.heading')}
      </h1>
      <p className="muted">{t('notify.intro')}</p>
      <Status say={status} />
      {problem ? (
        <p className="error" role="alert">
          {refusalText(t, problem)}
        </p>
      ) : null}
      {list.error ? (
        <p className="error" role="alert">
          {refusalText(t, list.error)}
        </p>
      ) : !list.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p aria-live="polite">{t('notify.empty')}</p>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t('notify.count', { n: items.length, open })}
          </p>
          <ol className="notification-list">
            {items.map((n) => {
              const link = linkOf(n);
              const what = t(eventKey(n.event));
              return (
                <li
                  key={n.id}
                  className={`card notification${waiting(n) ? ' waiting' : ''}${n.exercise ? ' exercise' : ''}`}
                >
                  <div className="notification-head">
                    <h2 className="notification-title">
                      {n.exercise ? `${t('notify.exerciseMark')} ` : ''}
                      {notificationHeading(n, what)}
                    </h2>
                    {waiting(n) ? (
                      <span className="badge open">{t('notify.open')}</span>
                    ) : n.closed ? (
                      <span className="badge done">{t('notify.closedBadge')}</span>
                    ) : n.acknowledgedAt ? (
                      <span className="badge done">{t('notify.acknowledged')}</span>
                    ) : (
                      <span className="badge">{t('notify.noAckNeeded')}</span>
                    )}
                    {n.tlp && <TlpBadge tlp={n.tlp} />}
                  </div>
                  <p className="notification-meta">
                    {n.alertOrg && <span>{orgName(n.alertOrg, lang)}</span>}{' '}
                    <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, lang)}</time>
                    {n.step > 1 && <span> · {t('notify.escalatedStep', { n: n.step })}</span>}
                  </p>
                  {n.exercise ? (
                    <p className="notification-exercise">
                      {t('notify.exercise', { number: n.exercise.number, name: n.exercise.name })}
                    </p>
                  ) : null}
                  <NotificationAbout n={n} kind={what} />
                  {n.acknowledgedAt && !n.closed && (
                    <p className="muted">
                      {t('notify.acknowledgedAt', { at: formatDateTime(n.acknowledgedAt, lang) })}
                      {n.acknowledgedVia === 'app' || n.acknowledgedVia === 'link'
                        ? `（${t(`notify.via.${n.acknowledgedVia}`)}）`
                        : ''}
                    </p>
                  )}
                  {waiting(n) && n.escalateAt && (
                    <p className="muted">
                      {t('notify.escalateAt', { at: formatDateTime(n.escalateAt, lang) })}
                    </p>
                  )}
                  {n.deliveryFailed && <p className="error">{t('notify.deliveryFailed')}</p>}
                  <div className="row-actions">
                    {link && (
                      <a className="button-link" href={link.path} onClick={followLink(navigate, link.path)}>
                        {t(link.label)}
                        <span className="visually-hidden">（{what}）</span>
                      </a>
                    )}
                    {waiting(n) && (
                      <button
                        type="button"
                        className="primary"
                        disabled={busy !== null}
                        onClick={() => acknowledge(n)}
                      >
                        {t('notify.acknowledge')}
                        <span className="visually-hidden">（{what}）</span>
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
