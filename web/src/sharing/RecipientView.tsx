import { useState } from 'react';
import { useLang } from '../lang.js';
import { Time, TlpWithMeaning } from '../ui/Badges.js';
import { MispLink } from './MispLink.js';
import { ShareAttachments } from './ShareAttachments.js';
import { KindBadge } from './ShareBadges.js';
import { ShareBody } from './ShareBody.js';
import { RecipientSightings } from './ShareSightings.js';
import { SourceNumbers } from './SourceNumbers.js';
import { StixLink } from './StixLink.js';
import { type AckState, type Share, sharingApi } from './sharing.api.js';
import { problemText } from './sharingProblems.js';

/**
 * A share as its recipients read it: the TLP and what it allows first (it binds what they may do with it),
 * then the content, then their body's acknowledgment — read, and for an advisory, mitigation applied.
 */
export function RecipientView({
  share,
  navigate,
  onChanged,
}: {
  share: Share;
  navigate: (path: string) => void;
  onChanged: () => void;
}) {
  const { t } = useLang();
  return (
    <>
      <p className="share-meta">
        <KindBadge kind={share.kind} /> <TlpWithMeaning tlp={share.tlp} />
        {share.publishedAt && (
          <span className="muted">
            {' '}
            {t('share.publishedAt')} <Time at={share.publishedAt} />
          </span>
        )}
      </p>
      <SourceNumbers share={share} navigate={navigate} />
      <ShareBody content={share} level={1} idPrefix="share" />
      <ShareAttachments attachments={share.attachments} idPrefix="share" />
      <StixLink share={share} />
      <MispLink share={share} />
      <AckActions share={share} onChanged={onChanged} />
      <RecipientSightings share={share} />
    </>
  );
}

export function AckActions({ share, onChanged }: { share: Share; onChanged: () => void }) {
  const { t } = useLang();
  const [ack, setAck] = useState<AckState>(share.acknowledgment ?? { read: null, mitigationApplied: null });
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ text: string; bad: boolean } | null>(null);
  const advisory = share.kind === 'advisory';

  async function acknowledge(kind: 'read' | 'mitigation-applied') {
    setBusy(true);
    try {
      setAck(await sharingApi.acknowledge(share.id, kind));
      setSaid({ text: t(kind === 'read' ? 'share.ack.readDone' : 'share.ack.mitigatedDone'), bad: false });
      onChanged();
    } catch (e) {
      setSaid({ text: problemText(t, e), bad: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="ack card" aria-labelledby="ack-heading">
      <h2 id="ack-heading">{t('share.ack.heading')}</h2>
      <dl className="facts">
        <dt>{t('share.ack.read')}</dt>
        <dd>
          <AckText ack={ack.read} />
        </dd>
        {advisory && (
          <>
            <dt>{t('share.ack.mitigation')}</dt>
            <dd>
              <AckText ack={ack.mitigationApplied} />
            </dd>
          </>
        )}
      </dl>
      <div className="actions">
        {!ack.read && (
          <button type="button" className="primary" disabled={busy} onClick={() => acknowledge('read')}>
            {t('share.ack.markRead')}
          </button>
        )}
        {advisory && !ack.mitigationApplied && (
          <button type="button" disabled={busy} onClick={() => acknowledge('mitigation-applied')}>
            {t('share.ack.markMitigated')}
          </button>
        )}
      </div>
      <div role="status" className="status-region">
        {said && <p className={said.bad ? 'error' : 'notice'}>{said.text}</p>}
      </div>
    </section>
  );
}

/** An acknowledgment in words: when and by whom, or not yet. */
export function AckText({ ack }: { ack: { at: string; by: string } | null }) {
  const { t } = useLang();
  if (!ack) return <span className="state pending">{t('share.ack.notYet')}</span>;
  return (
    <span className="state done">
      <Time at={ack.at} /> {t('share.ack.by', { by: ack.by })}
    </span>
  );
}
