import { useLang } from '../lang.js';
import { followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { PrintExport } from '../ui/PrintExport.js';
import { ManageView } from './ManageView.js';
import { RecipientView } from './RecipientView.js';
import { RetractionNotice } from './RetractionNotice.js';
import { ShareProblem } from './ShareProblem.js';
import { useShare } from './useShare.js';

/**
 * One share, as the caller may see it (the server decides): the center and consenting bodies manage it,
 * recipients read and acknowledge it, former recipients of a withdrawn one see only that it was withdrawn.
 */
export function SharePage({ id, ...props }: ScreenProps & { id: string }) {
  const { t } = useLang();
  const { navigate } = props;
  const share = useShare(id);
  if (share.error) return <ShareProblem error={share.error} navigate={navigate} />;
  const back = (
    <p>
      <a href="/shares" onClick={followLink(navigate, '/shares')}>
        ← {t('share.back')}
      </a>
    </p>
  );
  if (!share.data || share.data.id !== id)
    return (
      <section className="sharing">
        {back}
        <p className="muted">{t('common.loading')}</p>
      </section>
    );
  const found = share.data;
  return (
    <article className="sharing share-page" aria-labelledby="share-heading">
      {back}
      {found.view !== 'retracted' && (
        <PrintExport tlp={found.tlp} exportPath={`/api/v1/shares/${encodeURIComponent(found.id)}/export`} />
      )}
      {found.view === 'retracted' ? (
        <RetractionNotice share={found} />
      ) : found.view === 'recipient' ? (
        <RecipientView share={found} navigate={navigate} onChanged={share.reload} />
      ) : (
        <ManageView share={found} {...props} onChanged={share.reload} />
      )}
    </article>
  );
}
