import { formatDateTime } from '../format.js';
import { isMessageKey, type MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';

/** Severity as a coloured word; nothing chosen yet shows a dash. */
export function SeverityBadge({ severity }: { severity: string | null }) {
  const { t } = useLang();
  if (!severity) return <span className="muted">{t('common.none')}</span>;
  const key = `severity.${severity}`;
  return <span className={`badge sev-${severity}`}>{isMessageKey(key) ? t(key) : severity}</span>;
}

/** The CSS and message suffix of a TLP label: TLP:AMBER+STRICT → amber-strict. */
export const tlpVariant = (tlp: string) => tlp.replace('TLP:', '').replace('+', '-').toLowerCase();

/** The message saying what a TLP label allows (FIRST TLP 2.0, as Renraku enforces it). */
export function tlpMeaningKey(tlp: string): MessageKey {
  const key = `report.tlpMeaning.${tlpVariant(tlp)}`;
  // An unknown label is treated as the most restrictive: better to under-share than to over-share.
  return isMessageKey(key) ? key : 'report.tlpMeaning.red';
}

/** The TLP 2.0 label in FIRST's colours. */
export function TlpBadge({ tlp }: { tlp: string }) {
  return <span className={`badge tlp tlp-${tlpVariant(tlp)}`}>{tlp}</span>;
}

/** The TLP label with, beside it, what it allows (受領組織とその所管先内に限る…). */
export function TlpWithMeaning({ tlp }: { tlp: string }) {
  const { t } = useLang();
  return (
    <span className="tlp-with-meaning">
      <TlpBadge tlp={tlp} /> <span className="tlp-meaning">{t(tlpMeaningKey(tlp))}</span>
    </span>
  );
}

/** A machine-readable time shown in the reader's language. */
export function Time({ at }: { at: string }) {
  const { lang } = useLang();
  return <time dateTime={at}>{formatDateTime(at, lang)}</time>;
}
