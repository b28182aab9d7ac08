import { isMessageKey } from '../i18n.js';
import { useLang } from '../lang.js';

/** 注意喚起 or 情報共有, as a badge. */
export function KindBadge({ kind }: { kind: string }) {
  const { t } = useLang();
  const key = `share.kind.${kind}`;
  return <span className={`badge share-kind kind-${kind}`}>{isMessageKey(key) ? t(key) : kind}</span>;
}

/** Where a share stands (awaiting consent, published, withdrawn…). */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useLang();
  const key = `share.status.${status}`;
  return <span className={`badge share-status status-${status}`}>{isMessageKey(key) ? t(key) : status}</span>;
}

/** Where a consent request stands (pending, approved, rejected…). */
export function ConsentBadge({ status }: { status: string }) {
  const { t } = useLang();
  const key = `consent.status.${status}`;
  return (
    <span className={`badge consent-status consent-${status}`}>{isMessageKey(key) ? t(key) : status}</span>
  );
}
