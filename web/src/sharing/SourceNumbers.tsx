import { useLang } from '../lang.js';
import { followLink, incidentPath } from '../router.js';
import type { Share } from './sharing.api.js';

/**
 * The numbers of the incidents a share derives from that the caller's body reads (the server names no others):
 * a recipient that reported the incident recognises it by the number it knows.
 */
export function SourceNumbers({ share, navigate }: { share: Share; navigate: (path: string) => void }) {
  const { t } = useLang();
  const sources = share.sourceIncidents ?? [];
  if (sources.length === 0) return null;
  return (
    <p className="share-meta">
      {t('share.sourceNumbers')}{' '}
      {sources.map((s, i) => (
        <span key={s.id}>
          {i > 0 && ', '}
          <a href={incidentPath(s.id)} onClick={followLink(navigate, incidentPath(s.id))}>
            {s.number}
          </a>
        </span>
      ))}
    </p>
  );
}
