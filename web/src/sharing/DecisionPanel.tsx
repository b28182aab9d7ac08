import { useState } from 'react';
import { ApiError } from '../api.js';
import { useLang } from '../lang.js';
import { RejectDialog } from './RejectDialog.js';
import { ShareBody } from './ShareBody.js';
import { StricterTerms } from './StricterTerms.js';
import { type ConsentRequest, type Decision, sharingApi } from './sharing.api.js';
import { decisionProblem } from './sharingProblems.js';
import { approvalOf, isStricter, keepsSomeone, revisedContent, stricterOf } from './stricter.js';

/**
 * The answer to a pending request. Approving as asked is one press; approving on stricter terms opens the
 * terms with a preview of the revised text; rejecting asks for the reason in a dialog. Every answer carries
 * the revision read, so that a share changed meanwhile is refused and read again.
 */
export function DecisionPanel({
  request,
  onDecided,
  onSaid,
  onExpired,
}: {
  request: ConsentRequest;
  onDecided: () => void;
  /** What to say after an answer (or a refusal of it), in a place that stays when this panel goes. */
  onSaid: (text: string, bad: boolean) => void;
  /** The server refused an answer as past the deadline (the request may still read pending until its sweep). */
  onExpired: () => void;
}) {
  const { t } = useLang();
  const { share } = request;
  const [stricter, setStricter] = useState(() => stricterOf(share));
  const [editing, setEditing] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);

  async function decide(decision: Decision): Promise<ApiError | null> {
    setBusy(true);
    try {
      await sharingApi.decide(request.id, decision);
      onSaid(t(decision.decision === 'reject' ? 'consent.rejected' : 'consent.approved'), false);
      onDecided();
      return null;
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, 'network', '');
      if (error.code !== 'consent.reason_required') {
        // Answered, replaced or withdrawn meanwhile: say which, and show what stands now.
        onSaid(decisionProblem(t, error), true);
        if (error.code === 'consent.expired') onExpired();
        if (error.status === 409) onDecided();
      }
      return error;
    } finally {
      setBusy(false);
    }
  }

  const revision = share.revision ? { revision: share.revision } : {};
  return (
    <section aria-labelledby="decision-heading" className="decision card">
      <h2 id="decision-heading">{t('consent.decide')}</h2>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => decide({ decision: 'approve', ...revision })}
        >
          {t('consent.approve')}
        </button>
        <button
          type="button"
          aria-expanded={editing}
          aria-controls="stricter-terms"
          onClick={() => setEditing((x) => !x)}
        >
          {t('consent.approveStricter')}
        </button>
        <button type="button" className="danger-outline" disabled={busy} onClick={() => setRejecting(true)}>
          {t('consent.reject')}
        </button>
      </div>
      {editing && (
        <div id="stricter-terms" className="stricter-panel">
          <h3>{t('consent.stricter.heading')}</h3>
          <StricterTerms share={share} value={stricter} onChange={setStricter} />
          <h3>{t('consent.stricter.preview')}</h3>
          <div className="card">
            <ShareBody content={revisedContent(share, stricter)} level={4} idPrefix="revised" />
          </div>
          <button
            type="button"
            className="primary"
            disabled={busy || !isStricter(share, stricter) || !keepsSomeone(stricter)}
            onClick={() => decide(approvalOf(share, stricter))}
          >
            {t('consent.approveWithTerms')}
          </button>
        </div>
      )}
      {rejecting && (
        <RejectDialog
          onReject={(reason) => decide({ decision: 'reject', reason, ...revision })}
          onClose={() => setRejecting(false)}
        />
      )}
    </section>
  );
}
