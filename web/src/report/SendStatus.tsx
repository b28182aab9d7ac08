import { type RefObject, useEffect } from 'react';
import { useLang } from '../lang.js';
import type { SendState } from './sendQueue.js';

/**
 * Where a report stands while it is not yet filed, in plain words: waiting for the connection, trying again,
 * refused by the server (with its code). The words sit in a live region that is always present, so that a
 * change is announced; the focus moves there when sending has to wait, since the form is locked meanwhile.
 */
export function SendStatus({
  state,
  onRetry,
  onCancel,
  focusRef,
}: {
  state: SendState;
  onRetry: () => void;
  onCancel: () => void;
  focusRef: RefObject<HTMLDivElement | null>;
}) {
  const { t } = useLang();
  const waiting = state.phase === 'offline' || state.phase === 'retrying';
  useEffect(() => {
    if (waiting) focusRef.current?.focus();
  }, [waiting, focusRef]);

  return (
    <div className={`send-status ${state.phase}`} ref={focusRef} tabIndex={-1}>
      <div role="status">
        {state.phase === 'sending' && <p>{t('report.submitting')}</p>}
        {state.phase === 'offline' && (
          <>
            <p className="send-waiting">{t('report.send.offline')}</p>
            <p>{t('report.send.offlineDetail')}</p>
          </>
        )}
        {state.phase === 'retrying' && (
          <p className="send-waiting">
            {t('report.send.retrying', {
              reason: state.reason === 'network' ? t('report.send.network') : state.reason,
            })}
          </p>
        )}
        {state.phase === 'sessionLost' && <p>{t('login.sessionLost')}</p>}
      </div>
      {state.phase === 'refused' && (
        <p className="error" role="alert">
          {state.error.code === 'idempotency.key_reused'
            ? t('report.send.keyReused')
            : t('report.send.refused', { code: state.error.code })}
        </p>
      )}
      {waiting && (
        <div className="send-actions">
          <button type="button" onClick={onRetry}>
            {t('report.send.retryNow')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('report.send.cancel')}
          </button>
        </div>
      )}
    </div>
  );
}
