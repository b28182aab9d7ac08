import { ShortTime } from '../incidents/ListRow.js';
import { useLang } from '../lang.js';
import { followLink, sharePath } from '../router.js';
import { TlpBadge } from '../ui/Badges.js';
import { KindBadge, StatusBadge } from './ShareBadges.js';
import type { Box, Share } from './sharing.api.js';

/** Shares as a list of cards (they read as well on a phone as on a desk), newest first as the API orders them. */
export function ShareList({
  items,
  box,
  fresh,
  navigate,
}: {
  items: Share[];
  box: Box;
  fresh: ReadonlySet<string>;
  navigate: (path: string) => void;
}) {
  const { t } = useLang();
  return (
    <ul className="share-list">
      {items.map((share) => {
        const path = sharePath(share.id);
        const retracted = share.view === 'retracted';
        const unread = box === 'inbox' && !retracted && !share.acknowledgment?.read;
        const at = retracted ? share.withdrawnAt : (share.publishedAt ?? share.createdAt);
        const classes = [
          'share-item',
          unread && 'unread',
          retracted && 'retracted',
          fresh.has(share.id) && 'fresh',
        ];
        return (
          <li key={share.id} className={classes.filter(Boolean).join(' ')}>
            <p className="share-item-head">
              {unread && <span className="badge unread-mark">{t('shares.unread')}</span>}
              <KindBadge kind={share.kind} /> <TlpBadge tlp={share.tlp} />
              {(box === 'managed' || retracted) && <StatusBadge status={share.status} />}
            </p>
            <a
              id={`share-link-${share.id}`}
              className="share-item-title"
              href={path}
              onClick={followLink(navigate, path)}
            >
              {retracted ? t('shares.retractedTitle') : share.title}
            </a>
            <p className="share-item-foot muted">
              {at && (
                <>
                  {t(
                    retracted
                      ? 'shares.withdrawnAt'
                      : box === 'managed' && !share.publishedAt
                        ? 'shares.createdAt'
                        : 'shares.publishedAt',
                  )}{' '}
                  <ShortTime at={at} />
                </>
              )}
              {box === 'inbox' && !retracted && <AckSummary share={share} />}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

function AckSummary({ share }: { share: Share }) {
  const { t } = useLang();
  const ack = share.acknowledgment;
  return (
    <span className="ack-summary-inline">
      {' · '}
      {ack?.read ? t('shares.read') : t('shares.notRead')}
      {share.kind === 'advisory' && (
        <>
          {' · '}
          {ack?.mitigationApplied ? t('shares.mitigated') : t('shares.notMitigated')}
        </>
      )}
    </span>
  );
}
