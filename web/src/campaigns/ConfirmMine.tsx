import { useState } from 'react';
import type { Me } from '../api.js';
import { useLang } from '../lang.js';
import { followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { type Campaign, campaignsApi } from './campaigns.api.js';
import { refusalText } from './problemText.js';

/** The entry of the user's own body in a campaign, when its security officer is the one looking. */
export const mineOf = (me: Me, c: Campaign) =>
  me.role === 'security-officer' ? c.entries.find((e) => e.org.slug === me.org.slug) : undefined;

/**
 * What a body's security officer does with a campaign that asks its body: look at the contact structure, then
 * say it is confirmed. Nothing for anyone else, nor once confirmed or closed (the link stays).
 */
export function ConfirmMine({
  me,
  campaign,
  onConfirmed,
  navigate,
}: {
  me: Me;
  campaign: Campaign;
  onConfirmed: (c: Campaign) => void;
  navigate: ScreenProps['navigate'];
}) {
  const { t } = useLang();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const mine = mineOf(me, campaign);
  if (!mine) return null;
  const asks = !mine.confirmed && campaign.status === 'open';

  async function confirm() {
    setBusy(true);
    setProblem(null);
    try {
      onConfirmed(await campaignsApi.confirm(campaign.id));
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="confirm-mine">
      {asks && <p className="muted">{t('campaigns.confirmHint')}</p>}
      {problem ? (
        <p className="error" role="alert">
          {refusalText(t, problem)}
        </p>
      ) : null}
      <div className="row-actions">
        <a className="button-link" href="/contacts" onClick={followLink(navigate, '/contacts')}>
          {t('campaigns.toContacts')}
        </a>
        {asks && (
          <button type="button" className="primary" disabled={busy} onClick={confirm}>
            {t('campaigns.confirm')}
            <span className="visually-hidden">（{campaign.name}）</span>
          </button>
        )}
      </div>
    </div>
  );
}
