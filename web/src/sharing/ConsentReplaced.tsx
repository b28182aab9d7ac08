import { useLang } from '../lang.js';
import type { LiveEvent } from '../live.js';
import { consentPath, followLink } from '../router.js';
import type { ConsentRequest } from './sharing.api.js';

/**
 * The request that replaced this one, when the center changed the share after asking: named live by a newer
 * consent.requested of the same share, or — once this one reads superseded — found in the share's current round.
 */
export function replacementOf(request: ConsentRequest, feed: readonly LiveEvent[]): string | null {
  if (request.status === 'pending') {
    const newest = feed.find((e) => e.type === 'consent.requested' && e.shareId === request.share.id);
    const later = newest?.requestId && newest.requestId !== request.id && newest.at >= request.askedAt;
    return later ? (newest.requestId ?? null) : null;
  }
  if (request.status !== 'superseded') return null;
  return (
    request.share.consents?.find((c) => c.org.slug === request.org.slug && c.id !== request.id)?.id ?? null
  );
}

/**
 * Says that this request was replaced and links the new one. The page is not reloaded under the officer's
 * eyes (they may be halfway through blacking out text): an answer to this request is refused by the server
 * with the same explanation.
 */
export function ConsentReplaced({
  request,
  feed,
  navigate,
}: {
  request: ConsentRequest;
  feed: readonly LiveEvent[];
  navigate: (path: string) => void;
}) {
  const { t } = useLang();
  const replacement = replacementOf(request, feed);
  return (
    <div role="status" className="status-region">
      {replacement && (
        <p className="notice replaced">
          {t('consent.replaced')}{' '}
          <a href={consentPath(replacement)} onClick={followLink(navigate, consentPath(replacement))}>
            {t('consent.openReplacement')}
          </a>
        </p>
      )}
    </div>
  );
}
