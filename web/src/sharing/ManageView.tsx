import { useRef, useState } from 'react';
import { useLang } from '../lang.js';
import { followLink } from '../router.js';
import { offers, type ScreenProps } from '../screen.js';
import { Time, TlpWithMeaning } from '../ui/Badges.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { AckDashboard } from './AckDashboard.js';
import { ConsentStates } from './ConsentStates.js';
import { MispLink } from './MispLink.js';
import { PublishAction } from './PublishAction.js';
import { AckActions } from './RecipientView.js';
import { ShareAttachments } from './ShareAttachments.js';
import { KindBadge, StatusBadge } from './ShareBadges.js';
import { ShareBody } from './ShareBody.js';
import { RecipientSightings, SightingCounts } from './ShareSightings.js';
import { ShareTerms } from './ShareTerms.js';
import { StixLink } from './StixLink.js';
import type { Share } from './sharing.api.js';
import { WithdrawDialog } from './WithdrawDialog.js';

/**
 * A share for those who manage it (the center; a body asked for its consent): where it stands, its content
 * and terms, who receives it, the consent of each source, and — at the center — who has read it and applied
 * its mitigations. Editing starts a new consent round; withdrawing takes it back from every recipient.
 */
export function ManageView({
  share,
  me,
  feed,
  navigate,
  onChanged,
}: ScreenProps & { share: Share; onChanged: () => void }) {
  const { t } = useLang();
  const [withdrawing, setWithdrawing] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const withdrawButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const center = offers.compose(me);
  // A refused or expired share may be changed and asked again; only a withdrawn one is over for good.
  const editable = center && share.status !== 'withdrawn';
  // Withdrawing a draft discards it: nobody ever received it.
  const withdrawable =
    share.status === 'draft' ||
    share.status === 'published' ||
    share.status === 'awaiting-consent' ||
    share.status === 'awaiting-publication';
  const published = () => {
    setSaid(t('share.publishedNow'));
    onChanged();
    focusAfterRender(() => document.getElementById('share-heading'));
  };
  const editPath = `/shares/${encodeURIComponent(share.id)}/edit`;
  return (
    <>
      <h1 id="share-heading" className="text" tabIndex={-1}>
        {share.title}
      </h1>
      <p className="share-meta">
        <KindBadge kind={share.kind} /> <StatusBadge status={share.status} />{' '}
        <TlpWithMeaning tlp={share.tlp} />
      </p>
      <div role="status" className="status-region">
        {said && <p className="notice">{said}</p>}
      </div>
      {share.status === 'withdrawn' && (
        <p className="retraction card">
          {t('share.withdrawnAt')} {share.withdrawnAt && <Time at={share.withdrawnAt} />}
          {share.withdrawReason && <> {t('share.withdrawReason', { reason: share.withdrawReason })}</>}
        </p>
      )}
      {share.status === 'awaiting-publication' && (
        <PublishAction share={share} me={me} navigate={navigate} onPublished={published} />
      )}
      {(editable || withdrawable) && (
        <div className="actions">
          {editable && (
            <a className="button-link" href={editPath} onClick={followLink(navigate, editPath)}>
              {t('share.edit')}
            </a>
          )}
          {withdrawable && (
            <button
              type="button"
              ref={withdrawButton}
              className="danger-outline"
              onClick={() => setWithdrawing(true)}
            >
              {t('share.withdraw')}
            </button>
          )}
        </div>
      )}
      {share.consentByYoungAccount && (
        <p className="warning card young-consent" role="note">
          {t('share.youngConsent')}
        </p>
      )}
      <dl className="facts">
        <dt>{t('share.createdAt')}</dt>
        <dd>{share.createdAt ? <Time at={share.createdAt} /> : t('common.none')}</dd>
        <dt>{t('share.publishedAt')}</dt>
        <dd>{share.publishedAt ? <Time at={share.publishedAt} /> : t('common.none')}</dd>
        {share.draftedBy !== undefined && (
          <>
            <dt>{t('share.draftedBy')}</dt>
            <dd className="mono">{share.draftedBy}</dd>
            {(share.editedBy ?? []).length > 0 && (
              <>
                <dt>{t('share.editedBy')}</dt>
                <dd className="mono">{share.editedBy?.join(', ')}</dd>
              </>
            )}
            <dt>{t('share.publishedBy')}</dt>
            <dd className="mono">{share.publishedBy ?? t('share.byNobody')}</dd>
          </>
        )}
        {share.round !== undefined && (
          <>
            <dt>{t('share.round')}</dt>
            <dd>{t('share.roundN', { n: share.round })}</dd>
          </>
        )}
      </dl>
      <StixLink share={share} />
      <MispLink share={share} />
      {/* A consenting body that is among the recipients acknowledges it like any recipient. */}
      {share.acknowledgment && <AckActions share={share} onChanged={onChanged} />}
      {share.acknowledgment && share.status === 'published' && <RecipientSightings share={share} />}
      {center && (share.status === 'published' || share.status === 'withdrawn') && (
        <AckDashboard share={share} feed={feed} />
      )}
      {center && (share.status === 'published' || share.status === 'withdrawn') && (
        <SightingCounts share={share} />
      )}
      <section aria-labelledby="content-section">
        <h2 id="content-section">{t('share.content')}</h2>
        <div className="card">
          <ShareBody content={share} level={3} idPrefix="content" />
          <ShareAttachments attachments={share.attachments} idPrefix="content" />
        </div>
      </section>
      <ShareTerms share={share} navigate={navigate} />
      <ConsentStates consents={share.consents ?? []} />
      {withdrawing && (
        <WithdrawDialog
          share={share}
          onDone={(done) => {
            setWithdrawing(false);
            if (done) {
              setSaid(t('share.withdrawn'));
              onChanged();
            } else focusAfterRender(() => withdrawButton.current);
          }}
        />
      )}
    </>
  );
}
