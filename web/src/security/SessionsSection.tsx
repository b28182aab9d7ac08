import { useQueryClient } from '@tanstack/react-query';
import type { Say } from '../admin/Status.js';
import { formatDateTime } from '../format.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { ConfirmButton } from './ConfirmButton.js';
import { securityProblem } from './problems.js';
import { type Session, securityApi, securityQueries } from './security.api.js';

/** A browser in a few words, from its user agent: enough to recognise it, nothing inserted as markup. */
const deviceOf = (s: Session, unknown: string) => {
  const ua = s.userAgent;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : null;
  const system = /iPhone|iPad/.test(ua)
    ? 'iOS'
    : /Android/.test(ua)
      ? 'Android'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  return [browser, system].filter(Boolean).join(' / ') || ua.slice(0, 60) || unknown;
};

/** The caller's browser sessions: where from, when, which one is this; any can be ended. */
export function SessionsSection({ onChanged }: { onChanged: (said: Say) => void }) {
  const { t, lang } = useLang();
  const client = useQueryClient();
  const sessions = useLoaded(securityQueries.sessions());
  return (
    <section aria-labelledby="sessions-heading" className="card">
      <h2 id="sessions-heading">{t('security.sessions.heading')}</h2>
      {sessions.error ? (
        <p className="error" role="alert">
          {securityProblem(t, sessions.error)}
        </p>
      ) : !sessions.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('security.sessions.listLabel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('security.sessions.col.device')}</th>
              <th scope="col">{t('security.sessions.col.address')}</th>
              <th scope="col">{t('security.sessions.col.created')}</th>
              <th scope="col">{t('security.sessions.col.lastSeen')}</th>
              <th scope="col">{t('security.sessions.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.items.map((s) => {
              const device = deviceOf(s, t('security.sessions.unknownDevice'));
              return (
                <tr key={s.id}>
                  <th scope="row" id={`session-${s.id}`} title={s.userAgent}>
                    {device}
                    {s.current && (
                      <>
                        {' '}
                        <span className="badge state-on">{t('security.sessions.current')}</span>
                      </>
                    )}
                  </th>
                  <td data-label={t('security.sessions.col.address')}>{s.clientAddress}</td>
                  <td data-label={t('security.sessions.col.created')}>{formatDateTime(s.createdAt, lang)}</td>
                  <td data-label={t('security.sessions.col.lastSeen')}>
                    {formatDateTime(s.lastSeenAt, lang)}
                  </td>
                  <td data-label={t('security.sessions.col.actions')}>
                    {s.current ? (
                      <span className="muted">{t('common.none')}</span>
                    ) : (
                      <ConfirmButton
                        label={t('security.sessions.end')}
                        question={t('security.sessions.endQuestion', { device })}
                        describedBy={`session-${s.id}`}
                        describe={(e) => securityProblem(t, e)}
                        onConfirm={async () => {
                          await securityApi.endSession(s.id);
                          void client.invalidateQueries({ queryKey: securityQueries.sessions().queryKey });
                          onChanged((tr) => tr('security.sessions.ended'));
                        }}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
