import { useState } from 'react';
import { useLang } from '../lang.js';
import { type CheckBody, campaignsApi } from './campaigns.api.js';
import { markAcknowledged } from './pendingChecks.js';
import { isNotFound, refusalText } from './problemText.js';
import { formatSeconds } from './roles.js';

/**
 * The addressee's side of a check: whoever a test message reached as a linked duty contact acknowledges it
 * here. The server knows whom it reached; a user it did not reach is told so.
 */
export function AcknowledgeCheck({ id, onAcknowledged }: { id: string; onAcknowledged: () => void }) {
  const { t, lang } = useLang();
  const [done, setDone] = useState<CheckBody | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function acknowledge() {
    setBusy(true);
    setProblem(null);
    try {
      const mine = await campaignsApi.acknowledge(id);
      markAcknowledged(id);
      setDone(mine);
      onAcknowledged();
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="check-ack" className="card check-ack">
      <h2 id="check-ack">{t('checks.ackHeading')}</h2>
      <div role="status" className="status-region">
        {done && (
          <p className="notice">
            {t('checks.acked', {
              time:
                done.secondsToAcknowledge === null ? '—' : formatSeconds(done.secondsToAcknowledge, t, lang),
            })}
          </p>
        )}
      </div>
      {!done && (
        <>
          <p>{t('checks.ackIntro')}</p>
          {problem ? (
            <p className="error" role="alert">
              {isNotFound(problem) ? t('checks.notMine') : refusalText(t, problem)}
            </p>
          ) : null}
          <button type="button" className="primary" disabled={busy} onClick={acknowledge}>
            {t('checks.ack')}
          </button>
        </>
      )}
    </section>
  );
}
