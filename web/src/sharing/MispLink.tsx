import { useLang } from '../lang.js';
import type { Share } from './sharing.api.js';

/** A published share as a MISP event, for a body's MISP: a plain link, as the STIX download beside it. */
export function MispLink({ share }: { share: Share }) {
  const { t } = useLang();
  if (share.status !== 'published') return null;
  return (
    <p className="stix-link">
      <a
        className="button-link"
        href={`/api/v1/shares/${encodeURIComponent(share.id)}/misp`}
        download={`renraku-share-${share.id}.misp.json`}
      >
        {t('share.misp')}
      </a>
    </p>
  );
}
