import { useLang } from '../lang.js';
import { Time, TlpWithMeaning } from '../ui/Badges.js';
import type { Share } from './sharing.api.js';

/** What a former recipient sees of a withdrawn share: that it was withdrawn, when, and nothing of its content. */
export function RetractionNotice({ share }: { share: Share }) {
  const { t } = useLang();
  return (
    <>
      <h1 id="share-heading">{t('share.retracted.heading', { kind: t(`share.kind.${share.kind}`) })}</h1>
      <div className="retraction card" role="note">
        <p>
          {t('share.retracted.text')}
          {share.withdrawnAt && (
            <>
              {' '}
              {t('share.retracted.at')} <Time at={share.withdrawnAt} />
            </>
          )}
        </p>
        <p>{t('share.retracted.duty')}</p>
        <p>
          <TlpWithMeaning tlp={share.tlp} />
        </p>
      </div>
    </>
  );
}
