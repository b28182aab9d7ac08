import { formatTime } from '../notifications/notifications.render.js';
import type { OrgRow } from '../orgs/orgs.directory.js';

// The e-mail that tells a body's security officers of a change to its people or contacts. It names the kind of
// change, the body, who asked and where it stands — never the new person's or contact's details — and carries no
// link that acts: confirming takes a log-in.

export type ChangeEvent = 'requested' | 'confirmed' | 'rejected' | 'expired' | 'applied';
type Locale = 'ja' | 'en';

const KINDS: Record<string, Record<Locale, string>> = {
  'user.create': { ja: '利用者の追加', en: 'A new user' },
  'user.update': { ja: '利用者の変更', en: 'A change of a user' },
  'contact.create': { ja: '連絡先の追加', en: 'A new contact' },
  'contact.update': { ja: '連絡先の変更', en: 'A change of a contact' },
  'contact.delete': { ja: '連絡先の削除', en: 'A contact removed' },
  'notification_rules.replace': { ja: '通知ルールの変更', en: 'A change of the notification rules' },
};
const kindName = (kind: string, locale: Locale) =>
  KINDS[kind]?.[locale] ?? (locale === 'ja' ? '変更' : 'A change');

const STATES: Record<ChangeEvent, Record<Locale, string>> = {
  requested: { ja: '確認待ち', en: 'waiting for confirmation' },
  confirmed: { ja: '確認済み（有効になりました）', en: 'confirmed (now in effect)' },
  rejected: { ja: '却下（変更されていません）', en: 'rejected (nothing changed)' },
  expired: { ja: '期限切れ（変更されていません）', en: 'expired (nothing changed)' },
  applied: { ja: '実施済み', en: 'made' },
};

const oneLine = (s: string) => s.replace(/\p{Cc}+/gu, ' ').trim();

export function renderChangeMail(
  c: {
    event: ChangeEvent;
    kind: string;
    requester: string;
    at: Date;
    expiresAt: string | null;
    link: string;
    timeZone: string;
  },
  org: OrgRow,
  locale: Locale,
): { subject: string; text: string } {
  const ja = locale === 'ja';
  const body = oneLine(ja ? org.name_ja : org.name_en);
  const kind = kindName(c.kind, locale);
  const state = STATES[c.event][locale];
  const subject = ja
    ? `[TLP:AMBER+STRICT] 【Renraku】利用者・連絡先の変更（${state}）: ${kind}（${body}）`
    : `[TLP:AMBER+STRICT] [Renraku] Change of people or contacts (${state}): ${kind} (${body})`;
  const when = (at: Date) => formatTime(at, { locale, timeZone: c.timeZone });
  const lead: Record<ChangeEvent, string> = ja
    ? {
        requested: `${body} の利用者・連絡先について、組織の外から変更が申請されました。確認されるまで、この変更は有効になりません。`,
        confirmed: `${body} の利用者・連絡先の変更が確認され、有効になりました。`,
        rejected: `${body} の利用者・連絡先の変更が却下されました。何も変更されていません。`,
        expired: `${body} の利用者・連絡先の変更は、確認されないまま期限が過ぎました。何も変更されていません。`,
        applied: `${body} の利用者・連絡先が、組織の外から変更されました。`,
      }
    : {
        requested: `Someone outside ${body} asked to change its people or contacts. The change has no effect until it is confirmed.`,
        confirmed: `A change of the people or contacts of ${body} was confirmed and is now in effect.`,
        rejected: `A change of the people or contacts of ${body} was rejected. Nothing was changed.`,
        expired: `A change of the people or contacts of ${body} was not confirmed in time. Nothing was changed.`,
        applied: `Someone outside ${body} changed its people or contacts.`,
      };
  const lines = [
    lead[c.event],
    '',
    `${ja ? '種別' : 'Kind'}: ${kind}`,
    `${ja ? '機関' : 'Body'}: ${body}`,
    `${ja ? '申請者' : 'Asked by'}: ${oneLine(c.requester)}`,
    `${ja ? '日時' : 'Time'}: ${when(c.at)}`,
    `${ja ? '状態' : 'State'}: ${state}`,
    ...(c.event === 'requested' && c.expiresAt
      ? [`${ja ? '確認の期限' : 'Confirm by'}: ${when(new Date(c.expiresAt))}`]
      : []),
    '',
    ja
      ? `内容の確認、承認と却下は、Renraku にログインして「確認待ちの変更」で行ってください: ${c.link}`
      : `Log in to Renraku to see the change, and confirm or reject it under "Pending changes": ${c.link}`,
    ja
      ? '心当たりのない申請は却下し、組織の管理者に連絡してください。'
      : 'Reject any request you did not expect, and tell your administrators.',
    '',
    '--',
    ja
      ? 'このメールは Renraku から自動送信されています。返信しても届きません。'
      : 'This message was sent automatically by Renraku. Replies are not read.',
  ];
  return { subject, text: `${lines.join('\n')}\n` };
}
