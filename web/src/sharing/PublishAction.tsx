import { useRef, useState } from 'react';
import type { Me } from '../api.js';
import { useLang } from '../lang.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { SharingRefusal } from './SharingRefusal.js';
import { type Share, sharingApi } from './sharing.api.js';

/** Everyone who wrote a share: who drafted it and who changed it since (none of them may publish it). */
export const authorsOf = (share: Share): string[] => [
  ...(share.draftedBy ? [share.draftedBy] : []),
  ...(share.editedBy ?? []),
];

/**
 * An advisory of the center's own waiting for its second pair of eyes: why it waits, and for a coordinator
 * who did not write it, the button that publishes it as read (its revision). The server decides again.
 */
export function PublishAction({
  share,
  me,
  navigate,
  onPublished,
}: {
  share: Share;
  me: Me;
  navigate: (path: string) => void;
  onPublished: () => void;
}) {
  const { t } = useLang();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const wrote = authorsOf(share).includes(me.email);
  const coordinator = me.role === 'center-coordinator';

  async function publish() {
    setBusy(true);
    setProblem(null);
    try {
      await sharingApi.publish(share.id, share.revision ?? 0);
      onPublished();
    } catch (e) {
      setProblem(e);
      focusAfterRender(() => problemRef.current);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card publish-action" aria-labelledby="publish-heading">
      <h2 id="publish-heading">{t('share.status.awaiting-publication')}</h2>
      <p>{t('share.awaitingPublication')}</p>
      {coordinator && !wrote ? (
        <button type="button" className="primary" disabled={busy} onClick={publish}>
          {busy ? t('share.publishing') : t('share.publish')}
        </button>
      ) : (
        <p className="muted">{t(wrote ? 'share.publishYouWrote' : 'share.publishCoordinatorsOnly')}</p>
      )}
      <div ref={problemRef} tabIndex={-1} className="status-region">
        {problem ? <SharingRefusal problem={problem} navigate={navigate} /> : null}
      </div>
    </section>
  );
}
