import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { followLink, sharePath } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { Time, TlpWithMeaning } from '../ui/Badges.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { ConsentReplaced } from './ConsentReplaced.js';
import { DecisionPanel } from './DecisionPanel.js';
import { DueCountdown } from './DueCountdown.js';
import { ShareAttachments } from './ShareAttachments.js';
import { ConsentBadge, KindBadge } from './ShareBadges.js';
import { ShareBody } from './ShareBody.js';
import { ShareProblem } from './ShareProblem.js';
import { ShareTerms } from './ShareTerms.js';
import { sharingQueries } from './sharing.api.js';

/**
 * One consent request: exactly what the recipients would read (the recipients' own rendering of a share), to
 * whom and under which TLP, and the answer — approve, reject with a reason, or approve on stricter terms.
 */
export function ConsentDetail({ id, feed, navigate }: ScreenProps & { id: string }) {
  const { t, lang } = useLang();
  const client = useQueryClient();
  // Consent and sharing events make ['consents'] stale (liveQueries.ts): the request loads again in place.
  const found = useLoaded(sharingQueries.consent(id));
  const decided = () => {
    void client.invalidateQueries({ queryKey: ['consents'] });
    void client.invalidateQueries({ queryKey: ['shares'] });
  };
  const [said, setSaid] = useState<{ text: string; bad: boolean } | null>(null);
  // A lapsed request reads pending until the server's next sweep; once an answer was refused as expired, it
  // is shown as what it is.
  const [lapsed, setLapsed] = useState(false);
  const saidRef = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const say = (text: string, bad: boolean) => {
    setSaid({ text, bad });
    // A refusal moves the focus to its explanation; a success is announced where the person is.
    if (bad) focusAfterRender(() => saidRef.current);
  };
  if (found.error) return <ShareProblem error={found.error} navigate={navigate} back="/consents" />;
  const back = (
    <p>
      <a href="/consents" onClick={followLink(navigate, '/consents')}>
        ← {t('consent.back')}
      </a>
    </p>
  );
  const request = found.data;
  if (!request || request.id !== id)
    return (
      <section className="sharing">
        {back}
        <p className="muted">{t('common.loading')}</p>
      </section>
    );
  const { share } = request;
  const status = lapsed && request.status === 'pending' ? 'expired' : request.status;
  return (
    <article className="sharing consent-detail" aria-labelledby="consent-heading">
      {back}
      <h1 id="consent-heading">{t('consent.heading')}</h1>
      <p className="share-meta">
        <ConsentBadge status={status} /> <KindBadge kind={share.kind} />{' '}
        {t('consents.askedOf', { org: orgName(request.org, lang) })} · {t('consents.askedAt')}{' '}
        <Time at={request.askedAt} />
      </p>
      {status === 'pending' && (
        <p>
          <DueCountdown dueAt={request.dueAt} />
        </p>
      )}
      <ConsentReplaced request={request} feed={feed} navigate={navigate} />
      <section aria-labelledby="consent-tlp">
        <h2 id="consent-tlp">{t('consent.tlp')}</h2>
        <p>
          <TlpWithMeaning tlp={share.tlp} />
        </p>
      </section>
      <section aria-labelledby="consent-preview" className="consent-preview">
        <h2 id="consent-preview">{t('consent.preview')}</h2>
        <p className="hint">{t('consent.previewHint')}</p>
        <div className="card">
          <ShareBody content={share} level={3} idPrefix="preview" />
          <ShareAttachments attachments={share.attachments} idPrefix="preview" />
        </div>
      </section>
      <ShareTerms share={share} navigate={navigate} />
      <div ref={saidRef} tabIndex={-1} className="status-region said" role="status">
        {said && <p className={said.bad ? 'error' : 'notice'}>{said.text}</p>}
      </div>
      {status === 'pending' ? (
        // A changed share is a new set of terms: the stricter terms start again from them.
        <DecisionPanel
          key={share.revision}
          request={request}
          onDecided={decided}
          onSaid={say}
          onExpired={() => setLapsed(true)}
        />
      ) : (
        <section aria-labelledby="consent-answer" className="card">
          <h2 id="consent-answer">{t('consent.answer')}</h2>
          <p>
            <ConsentBadge status={status} /> {request.decidedAt && <Time at={request.decidedAt} />}{' '}
            {request.decidedBy && t('share.ack.by', { by: request.decidedBy })}
          </p>
          {request.reason && <p className="text">{t('consent.reasonWas', { reason: request.reason })}</p>}
          {request.status === 'approved' && (
            <a href={sharePath(share.id)} onClick={followLink(navigate, sharePath(share.id))}>
              {t('consent.openShare')}
            </a>
          )}
        </section>
      )}
    </article>
  );
}
