import { useLang } from '../lang.js';

/** An incident's human number (2026-000123), labelled for screen readers, shown before its title. */
export function IncidentNumber({ number }: { number: string | undefined }) {
  const { t } = useLang();
  if (!number) return null;
  return (
    <span className="incident-number" data-testid="incident-number">
      <span className="visually-hidden">{t('detail.number')} </span>
      {number}
    </span>
  );
}
