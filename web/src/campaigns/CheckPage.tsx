import { useState } from 'react';
import { formatDateTime, orgName } from '../format.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { AcknowledgeCheck } from './AcknowledgeCheck.js';
import { AnsweredAt } from './AnsweredAt.js';
import { type Check, campaignQueries } from './campaigns.api.js';
import { PageActions } from './PageActions.js';
import { pendingChecks } from './pendingChecks.js';
import { isNotFound, refusalText } from './problemText.js';
import { formatSeconds } from './roles.js';

/**
 * A communication check: per body when the test message went, when it was first acknowledged and how long
 * that took; the median, the slowest and the unanswered. Whom it reached in the app acknowledges it here
 * (such a user may not see the results: the page then shows the acknowledgment alone).
 */
export function CheckPage({ id, me, navigate, feed }: ScreenProps & { id: string }) {
  const { t, lang } = useLang();
  const found = useLoaded(campaignQueries.check(id));
  const c = found.data;
  const waiting = useLoaded(campaignQueries.received());
  const reachedMe = pendingChecks(feed, waiting.data?.items).some((p) => p.checkId === id);
  const myBodyWaits = c?.bodies.some((b) => b.org.slug === me.org.slug && b.acknowledgedAt === null) ?? false;
  // Once asked, the panel stays: it says the acknowledgment was recorded.
  const [asksMe, setAsksMe] = useState(false);
  if (!asksMe && (reachedMe || myBodyWaits || (found.error !== null && isNotFound(found.error))))
    setAsksMe(true);
  const back = (
    <p className="breadcrumb">
      <a href="/checks" onClick={followLink(navigate, '/checks')}>
        {t('checks.back')}
      </a>
    </p>
  );
  const ack = asksMe ? <AcknowledgeCheck id={id} onAcknowledged={found.reload} /> : null;

  if (!c)
    return (
      <section className="admin campaigns" aria-labelledby="check-heading">
        {back}
        <h1 id="check-heading">{t('checks.heading')}</h1>
        {ack}
        {found.error && !isNotFound(found.error) ? (
          <p className="error" role="alert">
            {refusalText(t, found.error)}
          </p>
        ) : !found.error ? (
          <p className="muted">{t('common.loading')}</p>
        ) : null}
      </section>
    );

  return (
    <section className="admin campaigns" aria-labelledby="check-heading">
      {back}
      <h1 id="check-heading">{c.name}</h1>
      <p className="campaign-meta">
        <span>{t('checks.startedAt', { at: formatDateTime(c.startedAt, lang) })}</span>
        {c.startedBy && <span>{t('campaigns.startedBy', { org: orgName(c.startedBy, lang) })}</span>}
      </p>
      {ack}
      <CheckSummary check={c} />
      <section aria-labelledby="check-results">
        <h2 id="check-results">{t('checks.results')}</h2>
        <table className="incidents check-results">
          <thead>
            <tr>
              <th scope="col">{t('checks.col.org')}</th>
              <th scope="col">{t('checks.col.reached')}</th>
              <th scope="col">{t('checks.col.sentAt')}</th>
              <th scope="col">{t('checks.col.acknowledgedAt')}</th>
              <th scope="col">{t('checks.col.time')}</th>
            </tr>
          </thead>
          <tbody>
            {c.bodies.map((b) => (
              <tr key={b.org.slug} data-org={b.org.slug}>
                <th scope="row">{orgName(b.org, lang)}</th>
                <td data-label={t('checks.col.reached')}>
                  {b.reached.length === 0
                    ? t('checks.nobody')
                    : b.reached
                        .map(
                          (r) =>
                            `${r.name ?? '—'}（${r.channels
                              .map((ch) =>
                                ch === 'email' || ch === 'in-app' ? t(`checks.channel.${ch}`) : ch,
                              )
                              .join('・')}）`,
                        )
                        .join('、')}
                </td>
                <td data-label={t('checks.col.sentAt')}>
                  {b.sentAt ? <time dateTime={b.sentAt}>{formatDateTime(b.sentAt, lang)}</time> : '—'}
                </td>
                <td data-label={t('checks.col.acknowledgedAt')}>
                  <AnsweredAt
                    at={b.acknowledgedAt}
                    via={
                      b.acknowledgedVia === 'app' || b.acknowledgedVia === 'link'
                        ? `（${t(`checks.via.${b.acknowledgedVia}`)}）`
                        : ''
                    }
                    none={<span className="badge overdue">{t('checks.unanswered')}</span>}
                  />
                </td>
                <td data-label={t('checks.col.time')}>
                  {b.secondsToAcknowledge === null ? '—' : formatSeconds(b.secondsToAcknowledge, t, lang)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <PageActions onReload={found.reload} reloadLabel={t('checks.reload')} />
    </section>
  );
}

/** Median, slowest and unanswered, for the annual report. */
function CheckSummary({ check }: { check: Check }) {
  const { t, lang } = useLang();
  const s = check.summary;
  const none = t('checks.summary.none');
  const rows: [string, string][] = [
    [t('checks.summary.bodies'), String(s.bodies)],
    [t('checks.summary.acknowledged'), String(s.acknowledged)],
    [t('checks.summary.unanswered'), String(s.unanswered)],
    [t('checks.summary.median'), s.medianSeconds === null ? none : formatSeconds(s.medianSeconds, t, lang)],
    [
      t('checks.summary.slowest'),
      s.slowest ? `${orgName(s.slowest.org, lang)}（${formatSeconds(s.slowest.seconds, t, lang)}）` : none,
    ],
  ];
  return (
    <section aria-labelledby="check-summary">
      <h2 id="check-summary">{t('checks.summary')}</h2>
      <dl className="campaign-counts check-summary">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
