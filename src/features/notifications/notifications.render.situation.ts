import { reportHeadline, requestHeadline, requestLines } from './notifications.render.request.js';
import { oneLine } from './notifications.render.text.js';
import type { KindWords, Recipient, SituationContent } from './notifications.render.types.js';

/** The notices of a large-scale situation itself and of its roll-call. */
export const SITUATION_KINDS = {
  'situation.declared': {
    label: { ja: '事態の宣言', en: 'Situation declared' },
    sentence: {
      ja: (o) =>
        `${o} が大規模サイバー攻撃事態を宣言しました。貴機関は対象です。被害状況の確認に回答してください。`,
      en: (o) =>
        `${o} declared a large-scale cyber attack situation that includes your body. Please answer its roll-call.`,
    },
  },
  'situation.level_changed': {
    label: { ja: '態勢の変更', en: 'Posture level changed' },
    sentence: {
      ja: (o) => `${o} が大規模サイバー攻撃事態の態勢を変更しました。`,
      en: (o) => `${o} changed the posture level of a large-scale situation that includes your body.`,
    },
  },
  'situation.stood_down': {
    label: { ja: '事態の終結', en: 'Situation stood down' },
    sentence: {
      ja: (o) => `${o} が大規模サイバー攻撃事態の終結を宣言しました。`,
      en: (o) => `${o} stood down a large-scale situation that included your body.`,
    },
  },
  'rollcall.reminded': {
    label: { ja: '被害状況確認の督促', en: 'Roll-call reminder' },
    sentence: {
      ja: (o) => `${o} から、期限を過ぎても被害状況の確認への回答がありません。回答してください。`,
      en: (o) =>
        `${o} has not answered the roll-call of a large-scale situation by its deadline. Please answer it.`,
    },
  },
} satisfies Record<string, KindWords>;

/**
 * A situation's subject line: 【事態】 its number, name and level when its TLP lets them travel, else its number
 * only; and the kind of notice (a report's or a request's own line for those).
 */
export function situationHeadline(
  s: SituationContent,
  locale: 'ja' | 'en',
  open: boolean,
  kind: string,
): string {
  if (s.report) return reportHeadline(s, s.report, locale, open);
  if (s.request) return requestHeadline(s, s.request, locale, open, kind);
  const what = open ? [s.number, oneLine(s.name), s.level?.[locale] ?? ''] : [s.number];
  const line = what.filter((w) => w !== '').join(' ');
  return locale === 'ja' ? `【事態】${line}（${kind}）` : `[Situation] ${line} (${kind})`;
}

/** A situation's lines in an e-mail: its number; its name and level when its TLP lets them travel. */
export function situationLines(s: SituationContent, r: Recipient, open: boolean): string[] {
  const ja = r.locale === 'ja';
  const lines = [`${ja ? '事態番号' : 'Situation'}: ${oneLine(s.number)}`];
  if (open) lines.push(`${ja ? '事態名' : 'Name'}: ${oneLine(s.name)}`);
  if (open && s.level) lines.push(`${ja ? '態勢' : 'Posture level'}: ${s.level[r.locale]}`);
  if (s.request) lines.push(...requestLines(s.request, r, open));
  return lines;
}
