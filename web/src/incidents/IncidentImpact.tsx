import type { Translate } from '../i18n.js';
import { useLang } from '../lang.js';
import { IMPACT_FLAGS } from '../report/fields.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The impact of an incident (or what a report says of it) in words, e.g. 個人情報あり（約1,200人）. */
export function impactWords(t: Translate, impact: unknown, locale: string): string[] {
  if (!isRecord(impact)) return [];
  const words: string[] = [];
  const personal = impact.personalData;
  if (isRecord(personal)) {
    const n = personal.approxPersons;
    words.push(
      personal.involved !== true
        ? t('detail.personalData.no')
        : typeof n === 'number'
          ? t('detail.personalData.yes', { n: n.toLocaleString(locale) })
          : t('detail.personalData.yesUnknown'),
    );
  }
  for (const flag of IMPACT_FLAGS) if (impact[flag] === true) words.push(t(`report.${flag}`));
  return words;
}

/** The impact as a list, or a dash when nothing is known. */
export function IncidentImpact({ impact }: { impact: unknown }) {
  const { t, lang } = useLang();
  const words = impactWords(t, impact, lang === 'ja' ? 'ja-JP' : 'en-GB');
  if (words.length === 0) return <span className="muted">{t('common.none')}</span>;
  return (
    <ul className="plain-list">
      {words.map((word) => (
        <li key={word}>{word}</li>
      ))}
    </ul>
  );
}
