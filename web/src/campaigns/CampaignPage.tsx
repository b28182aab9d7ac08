import { useRef, useState } from 'react';
import { ConfirmDialog } from '../admin/Dialog.js';
import { type Say, Status } from '../admin/Status.js';
import { formatDate, formatDateTime, orgName } from '../format.js';
import type { MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { AnsweredAt } from './AnsweredAt.js';
import { CampaignProgress } from './CampaignProgress.js';
import { ConfirmMine } from './ConfirmMine.js';
import { type Campaign, type CampaignEntry, campaignQueries, campaignsApi } from './campaigns.api.js';
import { PageActions } from './PageActions.js';
import { refusalText } from './problemText.js';
import { runsCampaigns } from './roles.js';

/** A body's state in words: confirmed (late or not), not yet, or overdue once the deadline has passed. */
function stateOf(e: CampaignEntry, c: Campaign, now: Date): { key: MessageKey; tone: string } {
  if (e.confirmed)
    return e.late
      ? { key: 'campaigns.state.late', tone: 'late' }
      : { key: 'campaigns.state.confirmed', tone: 'done' };
  if (Date.parse(c.deadlineAt) < now.getTime()) return { key: 'campaigns.state.overdue', tone: 'overdue' };
  return { key: 'campaigns.state.pending', tone: 'open' };
}

/** A campaign: counts and progress, each body's state, the bodies still to confirm; its starter closes it. */
export function CampaignPage({ id, me, navigate }: ScreenProps & { id: string }) {
  const { t, lang } = useLang();
  const found = useLoaded(campaignQueries.campaign(id));
  const [status, setStatus] = useState<Say | null>(null);
  const [closing, setClosing] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const c = found.data;
  const back = (
    <a href="/campaigns" onClick={followLink(navigate, '/campaigns')}>
      {t('campaigns.back')}
    </a>
  );

  if (found.error && !c)
    return (
      <section className="admin campaigns" aria-labelledby="campaign-heading">
        <h1 id="campaign-heading">{t('campaigns.heading')}</h1>
        <p className="error" role="alert">
          {refusalText(t, found.error)}
        </p>
        <p>{back}</p>
      </section>
    );
  if (!c) return <p className="muted">{t('common.loading')}</p>;

  const closes = runsCampaigns(me) && c.status === 'open' && c.startedBy?.slug === me.org.slug;
  const now = new Date();

  async function close(campaign: Campaign) {
    setBusy(true);
    setProblem(null);
    try {
      await campaignsApi.close(campaign.id);
      setClosing(false);
      const said: Say = (tr) => tr('campaigns.closedDone', { name: campaign.name });
      setStatus(() => said);
      found.reload();
      heading.current?.focus();
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="admin campaigns" aria-labelledby="campaign-heading">
      <p className="breadcrumb">{back}</p>
      <div className="campaign-head">
        <h1 id="campaign-heading" ref={heading} tabIndex={-1}>
          {c.name}
        </h1>
        <span className={`badge status-${c.status}`}>{t(`campaigns.status.${c.status}`)}</span>
      </div>
      <p className="campaign-meta">
        <span>{t('campaigns.deadline', { date: formatDate(`${c.deadline}T12:00:00`, lang) })}</span>
        {c.startedBy && <span>{t('campaigns.startedBy', { org: orgName(c.startedBy, lang) })}</span>}
        {c.closedAt && <span>{t('campaigns.closedAt', { at: formatDateTime(c.closedAt, lang) })}</span>}
      </p>
      <Status say={status} />
      <ConfirmMine
        me={me}
        campaign={c}
        navigate={navigate}
        onConfirmed={() => {
          const said: Say = (tr) => tr('campaigns.confirmed');
          setStatus(() => said);
          found.reload();
        }}
      />
      <dl className="campaign-counts" aria-label={t('campaigns.countsLabel')}>
        {(['bodies', 'confirmed', 'pending'] as const).map((k) => (
          <div key={k}>
            <dt>{t(`campaigns.counts.${k}`)}</dt>
            <dd>{c.counts[k]}</dd>
          </div>
        ))}
      </dl>
      <CampaignProgress counts={c.counts} />

      <section aria-labelledby="campaign-pending">
        <h2 id="campaign-pending">{t('campaigns.pendingHeading')}</h2>
        {c.pending.length === 0 ? (
          <p>{t('campaigns.pendingNone')}</p>
        ) : (
          <ul className="pending-list">
            {c.pending.map((o) => (
              <li key={o.slug}>{orgName(o, lang)}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="campaign-entries">
        <h2 id="campaign-entries">{t('campaigns.entries')}</h2>
        <table className="incidents campaign-entries">
          <thead>
            <tr>
              <th scope="col">{t('campaigns.col.org')}</th>
              <th scope="col">{t('campaigns.col.state')}</th>
              <th scope="col">{t('campaigns.col.confirmedAt')}</th>
              <th scope="col">{t('campaigns.col.reminded')}</th>
            </tr>
          </thead>
          <tbody>
            {c.entries.map((e) => {
              const state = stateOf(e, c, now);
              const reminded = [
                e.remindedBeforeAt ? t('campaigns.reminded.before') : null,
                e.remindedAtDeadlineAt ? t('campaigns.reminded.deadline') : null,
              ].filter((x) => x !== null);
              return (
                <tr key={e.org.slug} data-org={e.org.slug}>
                  <th scope="row">{orgName(e.org, lang)}</th>
                  <td data-label={t('campaigns.col.state')}>
                    <span className={`badge ${state.tone}`}>{t(state.key)}</span>
                  </td>
                  <td data-label={t('campaigns.col.confirmedAt')}>
                    <AnsweredAt
                      at={e.confirmedAt}
                      via={
                        e.confirmedVia === 'campaign' || e.confirmedVia === 'verify'
                          ? ` ${t(`campaigns.via.${e.confirmedVia}`)}`
                          : ''
                      }
                      none="—"
                    />
                  </td>
                  <td data-label={t('campaigns.col.reminded')}>
                    {reminded.length ? reminded.join('、') : t('campaigns.reminded.none')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <PageActions onReload={found.reload} reloadLabel={t('campaigns.reload')}>
        {closes && (
          <button type="button" className="danger-outline" onClick={() => setClosing(true)}>
            {t('campaigns.close')}
          </button>
        )}
      </PageActions>
      {closing && (
        <ConfirmDialog
          title={t('campaigns.closeTitle')}
          question={t('campaigns.closeQuestion', { name: c.name })}
          confirmLabel={t('campaigns.closeConfirm')}
          cancelLabel={t('campaigns.cancel')}
          busy={busy}
          error={problem ? refusalText(t, problem) : null}
          onConfirm={() => close(c)}
          onCancel={() => setClosing(false)}
        />
      )}
    </section>
  );
}
