import { useLang } from '../lang.js';
import type { Share } from './sharing.api.js';

/**
 * A published share as a STIX 2.1 bundle, for the body's own tools. A plain link: the browser sends the
 * session cookie with it, and `download` saves the file rather than showing the JSON. The hint repeats the TLP,
 * because the file carries it on to wherever it is imported.
 */
export function StixLink({ share }: { share: Share }) {
  const { t } = useLang();
  if (share.status !== 'published') return null;
  const href = `/api/v1/shares/${encodeURIComponent(share.id)}/stix`;
  return (
    <p className="stix-link">
      <a
        className="button-link"
        href={href}
        download={`renraku-share-${share.id}.stix.json`}
        aria-describedby="stix-hint"
      >
        {t('share.stix')}
      </a>{' '}
      <small id="stix-hint" className="muted">
        {t('share.stixHint', { tlp: share.tlp })}
      </small>
    </p>
  );
}
