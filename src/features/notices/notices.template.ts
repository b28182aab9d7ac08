// The template a notice starts from (お知らせ / 報道発表): headings and the usual wording of a government body's
// announcement, never anything of the incident itself — what the public reads is only what the body writes.

/** The text of a notice in one language. */
export interface NoticeText {
  title: string;
  body: string;
  happened: string;
  impact: string;
  response: string;
  contact: string;
}

/** A notice's text in Japanese and, when written, English. */
export interface NoticeContent {
  ja: NoticeText;
  en?: NoticeText | undefined;
}

export const NOTICE_FIELDS = ['title', 'body', 'happened', 'impact', 'response', 'contact'] as const;

export const NOTICE_KINDS = ['notice', 'press'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The starting text of a new notice of the kind. */
export function noticeTemplate(kind: NoticeKind): NoticeContent {
  const ja: NoticeText = {
    title:
      kind === 'press'
        ? '不正アクセスによる情報流出の可能性について（報道発表）'
        : '不正アクセスに関するお知らせ',
    body: '当機関のシステムにおいて、サイバー攻撃による被害が確認されました。関係する皆様に多大なご心配とご迷惑をおかけしますことを深くお詫び申し上げます。',
    happened: '（いつ、何が起きたかを記載してください）',
    impact: '（影響を受けた情報・サービス、対象となる方の範囲を記載してください）',
    response: '（これまでの対応と今後の対応、再発防止策を記載してください）',
    contact: '（お問い合わせ先の部署名・電話番号・受付時間を記載してください）',
  };
  const en: NoticeText = {
    title:
      kind === 'press'
        ? 'Possible information leak after unauthorized access (press release)'
        : 'Notice of unauthorized access',
    body: 'Damage from a cyber attack on our systems has been confirmed. We sincerely apologize for the concern and inconvenience caused.',
    happened: '(Describe when and what happened.)',
    impact: '(Describe the information and services affected and who is concerned.)',
    response: '(Describe what has been done, what will be done, and how recurrence is prevented.)',
    contact: '(Give the contact office, telephone number and hours.)',
  };
  return { ja, en };
}
