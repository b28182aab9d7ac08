import { formatTime } from '../notifications/notifications.render.js';
import type { OrgRow } from '../orgs/orgs.directory.js';

// The e-mails of campaigns and communication checks. They carry no incident content: TLP:CLEAR.

export type Locale = 'ja' | 'en';
export type CampaignMailKind = 'request' | 'before' | 'deadline';

const TLP = 'TLP:CLEAR';
const oneLine = (s: string) => s.replace(/\p{Cc}+/gu, ' ').trim();
const nameOf = (o: OrgRow, locale: Locale) => oneLine(locale === 'ja' ? o.name_ja : o.name_en);
const footer = (locale: Locale) => [
  '',
  '--',
  locale === 'ja'
    ? 'このメールは Renraku から自動送信されています。返信しても届きません。'
    : 'This message was sent automatically by Renraku. Replies are not read.',
];

const TAGS: Record<CampaignMailKind, Record<Locale, string>> = {
  request: { ja: '', en: '' },
  before: { ja: '【リマインド】', en: '[Reminder] ' },
  deadline: { ja: '【期限】', en: '[Due] ' },
};

/** Asks a body to confirm its contact structure by the deadline (or recalls it, when a reminder). */
export function renderCampaignMail(
  kind: CampaignMailKind,
  c: { name: string; deadlineDate: string; link: string },
  org: OrgRow,
  locale: Locale,
): { subject: string; text: string } {
  const ja = locale === 'ja';
  const body = nameOf(org, locale);
  const subject = ja
    ? `[${TLP}] 【Renraku】${TAGS[kind].ja}連絡体制の確認のお願い（${c.deadlineDate} まで）: ${body}`
    : `[${TLP}] [Renraku] ${TAGS[kind].en}Please confirm your contact structure by ${c.deadlineDate}: ${body}`;
  const lines = ja
    ? [
        `${body} の連絡体制（連絡先、役割、エスカレーション順）が最新であることを、${c.deadlineDate} までに確認してください。`,
        ...(kind === 'deadline' ? ['', '本日が確認の期限です。まだ確認されていません。'] : []),
        ...(kind === 'before' ? ['', 'まだ確認されていません。'] : []),
        '',
        `確認の名称: ${oneLine(c.name)}`,
        `確認の方法: Renraku で連絡体制を見直し、「確認」を押してください: ${c.link}`,
      ]
    : [
        `Please confirm by ${c.deadlineDate} that the contact structure of ${body} (contacts, roles, escalation order) is current.`,
        ...(kind === 'deadline' ? ['', 'The deadline is today, and it has not been confirmed yet.'] : []),
        ...(kind === 'before' ? ['', 'It has not been confirmed yet.'] : []),
        '',
        `Campaign: ${oneLine(c.name)}`,
        `How: review the structure in Renraku and press "Confirm": ${c.link}`,
      ];
  return { subject, text: `${[...lines, ...footer(locale)].join('\n')}\n` };
}

/** The test message of a communication check (連絡訓練), with its one-time acknowledgment link. */
export function renderCheckMail(
  c: { name: string; at: Date; ackLink: string; timeZone: string },
  org: OrgRow,
  locale: Locale,
): { subject: string; text: string } {
  const ja = locale === 'ja';
  const body = nameOf(org, locale);
  const time = formatTime(c.at, { locale, timeZone: c.timeZone });
  const subject = ja
    ? `[${TLP}] 【Renraku】連絡訓練: 受領を確認してください: ${body}`
    : `[${TLP}] [Renraku] Communication check: please acknowledge: ${body}`;
  const lines = ja
    ? [
        'これは連絡訓練のテストメッセージです。実際のインシデントではありません。',
        '受け取ったら、下のリンクを開いて受領を確認してください。確認までの時間が記録されます。',
        '',
        `訓練: ${oneLine(c.name)}`,
        `機関: ${body}`,
        `送信日時: ${time}`,
        '',
        `受領の確認（1回限り有効なリンク）: ${c.ackLink}`,
      ]
    : [
        'This is a test message of a communication check. It is not a real incident.',
        'When you receive it, open the link below and acknowledge it. The time it takes is recorded.',
        '',
        `Check: ${oneLine(c.name)}`,
        `Body: ${body}`,
        `Sent: ${time}`,
        '',
        `Acknowledge (one-time link): ${c.ackLink}`,
      ];
  return { subject, text: `${[...lines, ...footer(locale)].join('\n')}\n` };
}
