import { formatTime, oneLine } from './notifications.render.text.js';
import type { KindWords, Recipient, SituationContent } from './notifications.render.types.js';

/** The notices of a situation's requests (要請) and situation reports (状況報告). */
export const REQUEST_KINDS = {
  'situation.report_issued': {
    label: { ja: '状況報告', en: 'Situation report' },
    sentence: {
      ja: (o) => `${o} が大規模サイバー攻撃事態の状況報告を発出しました。`,
      en: (o) => `${o} issued a situation report of a large-scale situation that includes your body.`,
    },
  },
  'situation.report_due': {
    label: { ja: '状況報告の期限', en: 'Situation report due' },
    sentence: {
      ja: () => '大規模サイバー攻撃事態の次の状況報告の予定時刻を過ぎましたが、まだ発出されていません。',
      en: () => 'The next situation report of a large-scale situation is due and has not been issued.',
    },
  },
  'situation.request.issued': {
    label: { ja: '要請', en: 'Request' },
    sentence: {
      ja: (o) =>
        `${o} から大規模サイバー攻撃事態に関する要請が届きました。Renraku で要請を「受領」にしてください（受領にすると、この通知の受領確認も済みます）。`,
      en: (o) =>
        `${o} sent your body a request in a large-scale situation. Please mark it received (受領) in Renraku; doing so also acknowledges this notice.`,
    },
  },
  'situation.request.amended': {
    label: { ja: '要請の期限変更', en: 'Request due time moved' },
    sentence: {
      ja: (o) => `${o} が大規模サイバー攻撃事態に関する要請の期限を変更しました。`,
      en: (o) => `${o} moved the due time of a request to your body in a large-scale situation.`,
    },
  },
  'situation.request.withdrawn': {
    label: { ja: '要請の取り下げ', en: 'Request withdrawn' },
    sentence: {
      ja: (o) => `${o} が大規模サイバー攻撃事態に関する要請を取り下げました。対応は不要です。`,
      en: (o) => `${o} withdrew a request to your body in a large-scale situation. Nothing more is asked.`,
    },
  },
  'situation.request.overdue': {
    label: { ja: '要請の督促', en: 'Request overdue' },
    sentence: {
      ja: (o) =>
        `${o} の要請への対応が、期限を過ぎても完了していません。対応し、Renraku で状態を更新してください。`,
      en: (o) =>
        `${o} has not completed a request of a large-scale situation by its due time. Please act on it and update its state in Renraku.`,
    },
  },
} satisfies Record<string, KindWords>;

/** A request's subject line: 【要請】 the situation's number, R-n and its title when the TLP lets it travel. */
export function requestHeadline(
  s: SituationContent,
  request: NonNullable<SituationContent['request']>,
  locale: 'ja' | 'en',
  open: boolean,
  kind: string,
): string {
  const line = [s.number, request.number, open ? oneLine(request.title) : '']
    .filter((w) => w !== '')
    .join(' ');
  const plain = kind === REQUEST_KINDS['situation.request.issued'].label[locale];
  if (locale === 'ja') return `【要請】${line}${plain ? '' : `（${kind}）`}`;
  return `[Request] ${line}${plain ? '' : ` (${kind})`}`;
}

/**
 * A situation report's subject line: 【状況報告】 the situation's number and 第n報 (版 when corrected); its title
 * too when the TLP lets content travel.
 */
export function reportHeadline(
  s: SituationContent,
  r: NonNullable<SituationContent['report']>,
  locale: 'ja' | 'en',
  open: boolean,
): string {
  const ja = locale === 'ja';
  const ordinal = ja
    ? `第${r.number}報${r.version > 1 ? `（第${r.version}版・訂正）` : ''}`
    : `No. ${r.number}${r.version > 1 ? ` (v${r.version}, corrected)` : ''}`;
  const line = [s.number, ordinal, open ? oneLine(r.title) : ''].filter((w) => w !== '').join(' ');
  return ja ? `【状況報告】${line}` : `[Situation report] ${line}`;
}

/** A request's lines in an e-mail: its number; its title when its TLP lets it travel; its due time. */
export function requestLines(request: NonNullable<SituationContent['request']>, r: Recipient, open: boolean) {
  const ja = r.locale === 'ja';
  const lines = [`${ja ? '要請番号' : 'Request'}: ${oneLine(request.number)}`];
  if (open) lines.push(`${ja ? '要請' : 'Request title'}: ${oneLine(request.title)}`);
  const due = Date.parse(request.dueAt);
  if (!Number.isNaN(due)) lines.push(`${ja ? '期限' : 'Due'}: ${formatTime(new Date(due), r)}`);
  return lines;
}
