import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useEffectEvent, useRef, useState } from 'react';
import { ApiError, api, type Incident, type IncidentDetail } from '../api.js';
import { IncidentCorrelations } from '../correlation/IncidentCorrelations.js';
import { IncidentDeadlines } from '../deadlines/IncidentDeadlines.js';
import { IncidentIndicators } from '../indicators/IncidentIndicators.js';
import { useLang } from '../lang.js';
import { followLink } from '../router.js';
import { listPathOf, offers, type ScreenProps } from '../screen.js';
import { Attachments } from './Attachments.js';
import { Conversation } from './Conversation.js';
import { FollowUpForm, type FollowUpOutcome } from './FollowUpForm.js';
import { IncidentFacts } from './IncidentFacts.js';
import { IncidentNumber } from './IncidentNumber.js';
import { IncidentReceipt } from './IncidentReceipt.js';
import { IncidentTimeline } from './IncidentTimeline.js';
import { incidentQueries } from './incidents.api.js';
import { ReportingClock } from './ReportingClock.js';
import { ReviewRequests } from './ReviewRequests.js';
import './incident.css';
import { ExerciseBanner } from '../marks/ExerciseBanner.js';
import { Accountability } from '../notices/Accountability.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { PrintExport } from '../ui/PrintExport.js';

const FILING_ROLES = ['reporter', 'security-officer'];

// Who was notified of the incident comes with the contacts part of the app, loaded when an incident is opened.
const IncidentNotifications = lazy(() =>
  import('../contacts/IncidentNotifications.js').then((m) => ({ default: m.IncidentNotifications })),
);

/**
 * One incident: who has received it, where it stands, how long reporting took, every report and delivery in
 * time order, and — for its own body — the form to add an update or the final report. It loads again in
 * place whenever a live event concerns it.
 */
export function IncidentView({ id, me, feed, navigate, onIncidentsLoaded }: ScreenProps & { id: string }) {
  const { t } = useLang();
  const client = useQueryClient();
  const query = useQuery(incidentQueries.detail(id));
  const detail: IncidentDetail | null = query.data ?? null;
  const error = query.error
    ? query.error instanceof ApiError
      ? query.error
      : new ApiError(0, 'network', '')
    : null;
  const [forwarding, setForwarding] = useState(false);
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const loaded = useEffectEvent((incident: Incident) => onIncidentsLoaded([incident]));
  // Live events about this incident make it stale (liveQueries.ts); so does a change made here.
  const reload = () => void client.invalidateQueries({ queryKey: ['incidents', id] });
  useEffect(() => {
    if (query.data) loaded(query.data);
  }, [query.data]);

  function announce(text: string, bad = false) {
    setMessage({ text, bad });
    focusAfterRender(() => messageRef.current);
  }

  async function forward() {
    setForwarding(true);
    setMessage(null);
    try {
      await api.forward(id);
      announce(t('detail.forwarded'));
      reload();
    } catch (e) {
      announce(t('common.error', { code: e instanceof ApiError ? e.code : 'network' }), true);
    } finally {
      setForwarding(false);
    }
  }

  function followedUp(outcome: FollowUpOutcome) {
    if ('kind' in outcome) announce(t(`detail.followUp.added.${outcome.kind}`));
    else
      announce(
        t(outcome.problem === 'keyReused' ? 'detail.followUp.keyReused' : 'detail.followUp.alreadyFinal'),
        true,
      );
    reload();
  }

  const back = (
    <p>
      <a href={listPathOf(me)} onClick={followLink(navigate, listPathOf(me))}>
        ← {t('detail.back')}
      </a>
    </p>
  );
  if (error)
    return (
      <section>
        {back}
        <p className="error" role="alert">
          {error.status === 404 ? t('detail.notFound') : t('common.error', { code: error.code })}
        </p>
      </section>
    );
  if (!detail || detail.id !== id)
    return (
      <section>
        {back}
        <p className="muted">{t('common.loading')}</p>
      </section>
    );

  const mayForward =
    detail.chain.awaitingReview && me.role === 'security-officer' && me.org.kind === 'ministry';
  const mayReport =
    detail.status !== 'final' && me.org.slug === detail.org.slug && FILING_ROLES.includes(me.role);

  return (
    <article aria-labelledby="incident-heading" className="incident">
      {back}
      <ExerciseBanner exercise={detail.exercise ? { id: detail.exerciseId ?? '' } : null} />
      <p className="muted">
        <IncidentNumber number={detail.number} />
      </p>
      <h1 id="incident-heading" className="text">
        {detail.title}
      </h1>
      <IncidentReceipt detail={detail} />
      <PrintExport
        tlp={detail.tlp}
        number={detail.number}
        exportPath={`/api/v1/incidents/${encodeURIComponent(detail.id)}/export`}
      />
      {mayForward && (
        <p>
          <button type="button" className="primary" disabled={forwarding} onClick={forward}>
            {forwarding ? t('detail.forwarding') : t('detail.forward')}
          </button>
        </p>
      )}
      {offers.compose(me) && (
        <p>
          <a
            className="button-link"
            href={`/shares/new?from=${encodeURIComponent(detail.id)}`}
            onClick={followLink(navigate, `/shares/new?from=${encodeURIComponent(detail.id)}`)}
          >
            {t('detail.composeShare')}
          </a>
        </p>
      )}
      {message && (
        <p className={message.bad ? 'error' : 'notice'} role="status" tabIndex={-1} ref={messageRef}>
          {message.text}
        </p>
      )}
      <ReviewRequests detail={detail} />
      <IncidentFacts detail={detail} />
      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">{t('detail.summary')}</h2>
        <p className="text">{detail.summary}</p>
      </section>
      <ReportingClock incident={detail} />
      <IncidentDeadlines detail={detail} me={me} />
      <IncidentTimeline detail={detail} />
      <IncidentIndicators detail={detail} />
      <IncidentCorrelations incidentId={detail.id} navigate={navigate} />
      <Attachments detail={detail} me={me} />
      <Suspense fallback={null}>
        <IncidentNotifications incidentId={detail.id} />
      </Suspense>
      {mayReport && <FollowUpForm key={detail.reportCount} detail={detail} onDone={followedUp} />}
      {!detail.exercise && <Accountability incidentId={detail.id} incidentOrg={detail.org.slug} me={me} />}
      <Conversation incidentId={detail.id} feed={feed} />
    </article>
  );
}
