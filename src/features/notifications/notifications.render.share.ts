import { oneLine } from './notifications.render.text.js';
import type { KindWords } from './notifications.render.types.js';

/** The notices of the center's sharing: a consent request, a share, a reminder to read one. */
export const SHARE_KINDS = {
  'consent.requested': {
    label: { ja: '同意依頼', en: 'Consent request' },
    sentence: {
      ja: (o) => `${o} から情報共有への同意依頼が届きました。`,
      en: (o) => `${o} asks for your consent to share information.`,
    },
  },
  'share.published': {
    label: { ja: '情報共有', en: 'Share' },
    sentence: {
      ja: (o) => `${o} から情報が共有されました。`,
      en: (o) => `${o} shared information with you.`,
    },
  },
  'share.reminded': {
    label: { ja: '情報共有の確認依頼', en: 'Share reminder' },
    sentence: {
      ja: (o) => `${o} から、まだ確認されていない情報共有の確認を求められています。`,
      en: (o) => `${o} asks you to read a share you have not acknowledged yet.`,
    },
  },
} satisfies Record<string, KindWords>;

/** A consent request's source numbers in a subject line: the first, and how many more. */
export function numbersInSubject(numbers: string[] | undefined, locale: 'ja' | 'en'): string {
  const [first, ...rest] = numbers ?? [];
  if (first === undefined) return '';
  if (rest.length === 0) return ` ${oneLine(first)}`;
  return locale === 'ja' ? ` ${oneLine(first)} 他${rest.length}件` : ` ${oneLine(first)} +${rest.length}`;
}
