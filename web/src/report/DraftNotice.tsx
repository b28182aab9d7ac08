import { formatDateTime } from '../format.js';
import { useLang } from '../lang.js';

export type DraftNoticeKind = 'restored' | 'resuming' | 'discarded';

/** Says that a saved draft was brought back (and offers to throw it away), or that it was thrown away. */
export function DraftNotice({
  kind,
  savedAt,
  canDiscard,
  onDiscard,
}: {
  kind: DraftNoticeKind;
  savedAt: string;
  canDiscard: boolean;
  onDiscard: () => void;
}) {
  const { t, lang } = useLang();
  const message =
    kind === 'discarded'
      ? t('report.draft.discarded')
      : kind === 'resuming'
        ? t('report.send.resuming')
        : t('report.draft.restored', { at: formatDateTime(savedAt, lang) });
  return (
    <div className="notice draft-notice">
      <p role="status">{message}</p>
      {kind !== 'discarded' && canDiscard && (
        <button type="button" onClick={onDiscard}>
          {t('report.draft.discard')}
        </button>
      )}
    </div>
  );
}
