import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ConfirmDialog } from '../admin/Dialog.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { Time, TlpWithMeaning } from '../ui/Badges.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { StandingForm } from './StandingForm.js';
import { type StandingConsent, sharingApi, sharingQueries } from './sharing.api.js';
import { problemText } from './sharingProblems.js';

/**
 * 包括同意: consent given in advance for routine shares (e.g. indicators only, anonymised, to every ministry
 * under TLP:GREEN or stricter). A share within one is published without asking; revoking one stops that.
 */
export function StandingConsents() {
  const { t } = useLang();
  const client = useQueryClient();
  const list = useLoaded(sharingQueries.standing());
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<StandingConsent | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [said, setSaid] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const items = list.data?.items ?? [];

  async function revoke(standing: StandingConsent) {
    setBusy(true);
    setError(null);
    try {
      await sharingApi.revokeStanding(standing.id);
      setRevoking(null);
      setSaid(t('standing.revoked'));
      void client.invalidateQueries({ queryKey: sharingQueries.standing().queryKey });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="standing-heading" className="standing">
      <div className="section-head">
        <h2 id="standing-heading">{t('standing.heading')}</h2>
        <button type="button" ref={addButton} aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
          {t('standing.add')}
        </button>
      </div>
      <p className="muted">{t('standing.intro')}</p>
      <div role="status" className="status-region">
        {said && <p className="notice">{said}</p>}
      </div>
      {adding && (
        <StandingForm
          onDone={(added) => {
            setAdding(false);
            if (added) {
              setSaid(t('standing.added'));
              void client.invalidateQueries({ queryKey: sharingQueries.standing().queryKey });
            }
            focusAfterRender(() => addButton.current);
          }}
        />
      )}
      {list.error ? (
        <p className="error">{problemText(t, list.error)}</p>
      ) : items.length === 0 ? (
        <p className="card empty">{list.data ? t('standing.none') : t('common.loading')}</p>
      ) : (
        <ul className="share-list">
          {items.map((s) => (
            <li key={s.id} className={`share-item${s.revokedAt ? ' retracted' : ''}`}>
              <p className="share-item-head">
                <TlpWithMeaning tlp={s.tlp} />
              </p>
              <p>
                {t(`standing.audience.${s.audience.kind}`)} · {t(`standing.scope.${s.scope}`)} ·{' '}
                {t(s.anonymised ? 'standing.anonymised' : 'standing.named')}
              </p>
              <p className="share-item-foot muted">
                {t('standing.createdBy', { by: s.createdBy })} <Time at={s.createdAt} />
                {s.revokedAt && (
                  <>
                    {' · '}
                    {t('standing.revokedAt')} <Time at={s.revokedAt} />
                  </>
                )}
              </p>
              {!s.revokedAt && (
                <button type="button" className="danger-outline" onClick={() => setRevoking(s)}>
                  {t('standing.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {revoking && (
        <ConfirmDialog
          title={t('standing.revokeTitle')}
          question={t('standing.revokeQuestion')}
          confirmLabel={t('standing.revoke')}
          cancelLabel={t('share.cancel')}
          busy={busy}
          error={error ? problemText(t, error) : null}
          onConfirm={() => revoke(revoking)}
          onCancel={() => {
            setRevoking(null);
            setError(null);
          }}
        />
      )}
    </section>
  );
}
