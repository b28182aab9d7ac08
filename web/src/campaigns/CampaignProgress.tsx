import { useId } from 'react';
import { useLang } from '../lang.js';
import type { Campaign } from './campaigns.api.js';

/** How many bodies confirmed, in words and as the browser's own progress bar. */
export function CampaignProgress({ counts }: { counts: Campaign['counts'] }) {
  const { t } = useLang();
  const id = useId();
  return (
    <div className="campaign-progress">
      <label htmlFor={id}>{t('campaigns.progress', counts)}</label>
      <progress id={id} max={Math.max(counts.bodies, 1)} value={counts.confirmed} />
    </div>
  );
}
