import { formatDateTime } from '../format.js';
import { isMessageKey } from '../i18n.js';
import { useLang } from '../lang.js';

/** Severity as a coloured word; nothing chosen yet shows a dash. */
export function SeverityBadge({ severity }: { severity: string | null }) {
  const { t } = useLang();
  if (!severity) return <span className="muted">{t('common.none')}</span>;
  const key = `severity.${severity}`;
  return <span className={`badge sev-${severity}`}>{isMessageKey(key) ? t(key) : severity}</span>;
}

/** The TLP 2.0 label in FIRST's colours. */
export function TlpBadge({ tlp }: { tlp: string }) {
  const variant = tlp.replace('TLP:', '').replace('+', '-').toLowerCase();
  return <span className={`badge tlp tlp-${variant}`}>{tlp}</span>;
}

/** A machine-readable time shown in the reader's language. */
export function Time({ at }: { at: string }) {
  const { lang } = useLang();
  return <time dateTime={at}>{formatDateTime(at, lang)}</time>;
}
