import type { NotifiedEvent } from './notifications.rules.js';

/** What a notification tells, before the TLP rule decides how much of it may leave Renraku. */
export interface AlertContent {
  /** The event, or 'alert.unacknowledged' when the center is told of an alert it may not read. */
  event: NotifiedEvent | 'alert.unacknowledged';
  /** For 'alert.unacknowledged': the event nobody acknowledged, when the recipient may know it. */
  originalEvent?: NotifiedEvent;
  tlp: string;
  /** The body the event is about (for 'alert.unacknowledged': the body that did not acknowledge). */
  org: { slug: string; nameJa: string; nameEn: string };
  at: Date;
  title: string | null;
  summary: string | null;
  /** The incident's severity (low … critical), when the recipient may know what it is about. */
  severity?: string | null;
  /** The incident the event is about, with its number (prefixed), when the recipient may read it. */
  incident?: { id: string; number: string };
  /** A consent request's: the numbers (prefixed) of the share's source incidents the asked body reads. */
  sourceNumbers?: string[];
  /** The situation the event is about (its name is the title), when the recipient may read it. */
  situation?: SituationContent;
  /** The body whose incident the recipient may not read yet, because it is in its ministry's review. */
  inReviewOf?: { slug: string; nameJa: string; nameEn: string };
  /** Absolute link to what the event is about, in the web app. */
  link: string | null;
  /** The one-time acknowledgment link, when an acknowledgment is asked. */
  ackLink: string | null;
  /** Set when a previous contact did not acknowledge (or could not be reached). */
  escalated: boolean;
  /** The exercise the notice is about data of: its subject and first line say so. Absent for real data. */
  exercise?: { id: string; number: string; name: string };
}

/** A situation as a notice names it: its number, its name and its posture level (null: no longer configured). */
export interface SituationContent {
  number: string;
  name: string;
  level: { ja: string; en: string } | null;
  /** For a situation report's notice: its number (第n報) and version (版), and its title. */
  report?: { number: number; version: number; title: string };
  /** For a request's notice: its number (R-n), its title and its due time. */
  request?: { number: string; title: string; dueAt: string };
}

export interface Recipient {
  locale: 'ja' | 'en';
  timeZone: string;
}

/**
 * TLP:CLEAR and TLP:GREEN may travel by e-mail and webhook; AMBER, AMBER+STRICT and RED never leave Renraku:
 * only the body's name, the kind of event, its time and links do.
 */
export const mayCarryContent = (tlp: string): boolean => tlp === 'TLP:CLEAR' || tlp === 'TLP:GREEN';

const KINDS: Record<AlertContent['event'], { ja: string; en: string }> = {
  'incident.reported': { ja: '速報', en: 'Quick report' },
  'report.added': { ja: '続報', en: 'Follow-up report' },
  'delivery.received': { ja: 'センター受領', en: 'Received at the center' },
  'delivery.awaiting_review': { ja: '審査待ち', en: 'Awaiting review' },
  'consent.requested': { ja: '同意依頼', en: 'Consent request' },
  'share.published': { ja: '情報共有', en: 'Share' },
  'message.posted': { ja: '事案への質問・回答', en: 'Message on an incident' },
  'incident.sent_back': { ja: '差し戻し', en: 'Sent back' },
  'share.reminded': { ja: '情報共有の確認依頼', en: 'Share reminder' },
  'situation.declared': { ja: '事態の宣言', en: 'Situation declared' },
  'situation.level_changed': { ja: '態勢の変更', en: 'Posture level changed' },
  'situation.stood_down': { ja: '事態の終結', en: 'Situation stood down' },
  'situation.report_issued': { ja: '状況報告', en: 'Situation report' },
  'situation.report_due': { ja: '状況報告の期限', en: 'Situation report due' },
  'rollcall.reminded': { ja: '被害状況確認の督促', en: 'Roll-call reminder' },
  'situation.request.issued': { ja: '要請', en: 'Request' },
  'situation.request.amended': { ja: '要請の期限変更', en: 'Request due time moved' },
  'situation.request.withdrawn': { ja: '要請の取り下げ', en: 'Request withdrawn' },
  'situation.request.overdue': { ja: '要請の督促', en: 'Request overdue' },
  'alert.unacknowledged': { ja: '未確認の連絡', en: 'Unacknowledged alert' },
};

const SEVERITY: Record<string, { ja: string; en: string }> = {
  low: { ja: '低', en: 'Low' },
  medium: { ja: '中', en: 'Medium' },
  high: { ja: '高', en: 'High' },
  critical: { ja: '緊急', en: 'Critical' },
};

const IN_REVIEW = {
  ja: (o: string) => `${o} の事案が所管府省庁の審査中です。センターへ送付されると内容を確認できます。`,
  en: (o: string) =>
    `An incident of ${o} is in its ministry's review; you will be able to read it when it is forwarded.`,
};

const SENTENCES: Record<AlertContent['event'], { ja: (o: string) => string; en: (o: string) => string }> = {
  'incident.reported': {
    ja: (o) => `${o} からインシデントの速報がありました。`,
    en: (o) => `${o} filed a quick report of an incident.`,
  },
  'report.added': {
    ja: (o) => `${o} がインシデントの報告を追加しました。`,
    en: (o) => `${o} added a report to an incident.`,
  },
  'delivery.received': {
    ja: (o) => `${o} のインシデントがセンターに届きました。`,
    en: (o) => `An incident of ${o} has reached the center.`,
  },
  'delivery.awaiting_review': {
    ja: (o) => `${o} のインシデント報告が貴機関の審査を待っています。`,
    en: (o) => `An incident report of ${o} awaits your review.`,
  },
  'consent.requested': {
    ja: (o) => `${o} から情報共有への同意依頼が届きました。`,
    en: (o) => `${o} asks for your consent to share information.`,
  },
  'share.published': {
    ja: (o) => `${o} から情報が共有されました。`,
    en: (o) => `${o} shared information with you.`,
  },
  'message.posted': {
    ja: (o) => `${o} のインシデントにメッセージが投稿されました。`,
    en: (o) => `A message was posted on an incident of ${o}.`,
  },
  'incident.sent_back': {
    ja: (o) => `${o} のインシデント報告が所管府省庁から差し戻されました。追記を求められています。`,
    en: (o) => `The incident report of ${o} was sent back by its supervising ministry, asking for more.`,
  },
  'share.reminded': {
    ja: (o) => `${o} から、まだ確認されていない情報共有の確認を求められています。`,
    en: (o) => `${o} asks you to read a share you have not acknowledged yet.`,
  },
  'situation.declared': {
    ja: (o) =>
      `${o} が大規模サイバー攻撃事態を宣言しました。貴機関は対象です。被害状況の確認に回答してください。`,
    en: (o) =>
      `${o} declared a large-scale cyber attack situation that includes your body. Please answer its roll-call.`,
  },
  'situation.level_changed': {
    ja: (o) => `${o} が大規模サイバー攻撃事態の態勢を変更しました。`,
    en: (o) => `${o} changed the posture level of a large-scale situation that includes your body.`,
  },
  'situation.stood_down': {
    ja: (o) => `${o} が大規模サイバー攻撃事態の終結を宣言しました。`,
    en: (o) => `${o} stood down a large-scale situation that included your body.`,
  },
  'situation.report_issued': {
    ja: (o) => `${o} が大規模サイバー攻撃事態の状況報告を発出しました。`,
    en: (o) => `${o} issued a situation report of a large-scale situation that includes your body.`,
  },
  'situation.report_due': {
    ja: () => '大規模サイバー攻撃事態の次の状況報告の予定時刻を過ぎましたが、まだ発出されていません。',
    en: () => 'The next situation report of a large-scale situation is due and has not been issued.',
  },
  'rollcall.reminded': {
    ja: (o) => `${o} から、期限を過ぎても被害状況の確認への回答がありません。回答してください。`,
    en: (o) =>
      `${o} has not answered the roll-call of a large-scale situation by its deadline. Please answer it.`,
  },
  'situation.request.issued': {
    ja: (o) =>
      `${o} から大規模サイバー攻撃事態に関する要請が届きました。Renraku で要請を「受領」にしてください（受領にすると、この通知の受領確認も済みます）。`,
    en: (o) =>
      `${o} sent your body a request in a large-scale situation. Please mark it received (受領) in Renraku; doing so also acknowledges this notice.`,
  },
  'situation.request.amended': {
    ja: (o) => `${o} が大規模サイバー攻撃事態に関する要請の期限を変更しました。`,
    en: (o) => `${o} moved the due time of a request to your body in a large-scale situation.`,
  },
  'situation.request.withdrawn': {
    ja: (o) => `${o} が大規模サイバー攻撃事態に関する要請を取り下げました。対応は不要です。`,
    en: (o) => `${o} withdrew a request to your body in a large-scale situation. Nothing more is asked.`,
  },
  'situation.request.overdue': {
    ja: (o) =>
      `${o} の要請への対応が、期限を過ぎても完了していません。対応し、Renraku で状態を更新してください。`,
    en: (o) =>
      `${o} has not completed a request of a large-scale situation by its due time. Please act on it and update its state in Renraku.`,
  },
  'alert.unacknowledged': {
    ja: (o) => `${o} の連絡先が通知を確認していません。連絡体制に従って連絡を取ってください。`,
    en: (o) =>
      `No contact of ${o} has acknowledged an alert. Please reach them as their contact structure says.`,
  },
};

// Subjects and single-line fields must not carry line breaks or other control characters.
const oneLine = (s: string) => s.replace(/\p{Cc}+/gu, ' ').trim();

// Building a DateTimeFormat costs far more than using one: one per language and time zone, kept.
const timeFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormat = (r: Recipient) => {
  const key = `${r.locale} ${r.timeZone}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(r.locale === 'ja' ? 'ja-JP' : 'en-GB', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: r.timeZone,
      timeZoneName: 'short',
    });
    timeFormats.set(key, format);
  }
  return format;
};

// Notifications come in bursts: the text of the last minute shown is kept per language and time zone.
const lastMinute = new Map<string, { minute: number; text: string }>();

/** The time in the recipient's time zone: 2026/11/25 12:00 JST, or 2026-11-25 12:00 GMT+9 in English. */
export function formatTime(at: Date, r: Recipient): string {
  const key = `${r.locale} ${r.timeZone}`;
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastMinute.get(key);
  if (last?.minute === minute) return last.text;
  const text = formatMinute(at, r);
  lastMinute.set(key, { minute, text });
  return text;
}

function formatMinute(at: Date, r: Recipient): string {
  const parts = timeFormat(r).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const sep = r.locale === 'ja' ? '/' : '-';
  return `${part('year')}${sep}${part('month')}${sep}${part('day')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}

export const kindLabel = (event: AlertContent['event'], locale: 'ja' | 'en') => KINDS[event][locale];
export const orgName = (c: AlertContent, locale: 'ja' | 'en') =>
  oneLine(locale === 'ja' ? c.org.nameJa : c.org.nameEn);

/** A consent request's source numbers in a subject line: the first, and how many more. */
function numbersInSubject(numbers: string[] | undefined, locale: 'ja' | 'en'): string {
  const [first, ...rest] = numbers ?? [];
  if (first === undefined) return '';
  if (rest.length === 0) return ` ${oneLine(first)}`;
  return locale === 'ja' ? ` ${oneLine(first)} 他${rest.length}件` : ` ${oneLine(first)} +${rest.length}`;
}

/**
 * A situation's subject line: 【事態】 its number, name and level when its TLP lets them travel, else its number
 * only; and the kind of notice.
 */
function situationHeadline(s: SituationContent, locale: 'ja' | 'en', open: boolean, kind: string): string {
  const ja = locale === 'ja';
  if (s.report) return reportHeadline(s, s.report, locale, open);
  if (s.request) {
    const line = [s.number, s.request.number, open ? oneLine(s.request.title) : '']
      .filter((w) => w !== '')
      .join(' ');
    const plain = kind === KINDS['situation.request.issued'][locale];
    if (ja) return `【要請】${line}${plain ? '' : `（${kind}）`}`;
    return `[Request] ${line}${plain ? '' : ` (${kind})`}`;
  }
  const what = open ? [s.number, oneLine(s.name), s.level?.[locale] ?? ''] : [s.number];
  const line = what.filter((w) => w !== '').join(' ');
  return ja ? `【事態】${line}（${kind}）` : `[Situation] ${line} (${kind})`;
}

/**
 * A situation report's subject line: 【状況報告】 the situation's number and 第n報 (版 when corrected); its title
 * too when the TLP lets content travel.
 */
function reportHeadline(
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

/** A situation's lines in an e-mail: its number; its name and level when its TLP lets them travel. */
function situationLines(s: SituationContent, r: Recipient, open: boolean): string[] {
  const ja = r.locale === 'ja';
  const lines = [`${ja ? '事態番号' : 'Situation'}: ${oneLine(s.number)}`];
  if (open) lines.push(`${ja ? '事態名' : 'Name'}: ${oneLine(s.name)}`);
  if (open && s.level) lines.push(`${ja ? '態勢' : 'Posture level'}: ${s.level[r.locale]}`);
  if (s.request) {
    lines.push(`${ja ? '要請番号' : 'Request'}: ${oneLine(s.request.number)}`);
    if (open) lines.push(`${ja ? '要請' : 'Request title'}: ${oneLine(s.request.title)}`);
    const due = Date.parse(s.request.dueAt);
    if (!Number.isNaN(due)) lines.push(`${ja ? '期限' : 'Due'}: ${formatTime(new Date(due), r)}`);
  }
  return lines;
}

/** The first line of an exercise's notice: that it is an exercise, with the exercise's number and name. */
function exerciseLine(x: { number: string; name: string }, locale: 'ja' | 'en'): string {
  const which = oneLine(`${x.number} ${x.name}`);
  return locale === 'ja'
    ? `【訓練】これは訓練（${which}）の連絡です。実際の事案ではありません。`
    : `[EXERCISE] This is an exercise (${which}), not a real incident.`;
}

/** The e-mail of a notification, in the recipient's language. */
export function renderEmail(c: AlertContent, r: Recipient): { subject: string; text: string } {
  const ja = r.locale === 'ja';
  const open = mayCarryContent(c.tlp);
  const name = orgName(c, r.locale);
  const kind = kindLabel(c.event, r.locale);
  const headline = open && c.title ? oneLine(c.title) : name;
  const brand = ja ? '【Renraku】' : '[Renraku] ';
  const escalated = c.escalated ? (ja ? '【エスカレーション】' : '[Escalated] ') : '';
  const number = c.incident ? ` ${oneLine(c.incident.number)}` : numbersInSubject(c.sourceNumbers, r.locale);
  const drill = c.exercise ? (ja ? '【訓練】' : '[EXERCISE] ') : '';
  const subject = c.situation
    ? `${drill}[${c.tlp}] ${brand}${escalated}${situationHeadline(c.situation, r.locale, open, kind)}`
    : `${drill}[${c.tlp}] ${brand}${escalated}${kind}${number}: ${headline}`;

  const lines: string[] = [];
  if (c.exercise) lines.push(exerciseLine(c.exercise, r.locale), '');
  if (c.escalated)
    lines.push(
      ja
        ? '先の連絡先が期限内に確認しなかった（または届かなかった）ため、この通知はあなたに送られています。'
        : 'This alert comes to you because the previous contact did not acknowledge it in time (or could not be reached).',
      '',
    );
  lines.push(SENTENCES[c.event][r.locale](name), '');
  if (c.inReviewOf)
    lines.push(IN_REVIEW[r.locale](oneLine(ja ? c.inReviewOf.nameJa : c.inReviewOf.nameEn)), '');
  lines.push(`${ja ? '種別' : 'Kind'}: ${kind}`);
  if (c.originalEvent)
    lines.push(`${ja ? '元の連絡' : 'Unacknowledged'}: ${kindLabel(c.originalEvent, r.locale)}`);
  if (c.incident) lines.push(`${ja ? '事案番号' : 'Incident number'}: ${oneLine(c.incident.number)}`);
  if (c.sourceNumbers?.length)
    lines.push(`${ja ? '元の事案番号' : 'Source incidents'}: ${c.sourceNumbers.map(oneLine).join(', ')}`);
  if (c.situation) lines.push(...situationLines(c.situation, r, open));
  lines.push(`${ja ? '機関' : 'Body'}: ${name}`);
  const severity = c.severity ? SEVERITY[c.severity] : undefined;
  if (severity) lines.push(`${ja ? '深刻度' : 'Severity'}: ${severity[r.locale]}`);
  lines.push(`${ja ? '日時' : 'Time'}: ${formatTime(c.at, r)}`);
  lines.push(`TLP: ${c.tlp.replace(/^TLP:/, '')}`);
  lines.push('');
  if (open && c.title) {
    if (!c.situation) lines.push(`${ja ? '件名' : 'Title'}: ${oneLine(c.title)}`);
    if (c.summary) lines.push('', c.summary.slice(0, 2000));
    lines.push('');
  } else if (c.link) {
    lines.push(
      ja
        ? `この情報は ${c.tlp} のため、内容はメールに記載していません。Renraku にログインして確認してください。`
        : `This information is ${c.tlp}: its content is not sent by e-mail. Sign in to Renraku to read it.`,
      '',
    );
  }
  if (c.link) lines.push(`${ja ? '詳細' : 'Details'}: ${c.link}`);
  if (c.ackLink)
    lines.push(`${ja ? '受領の確認（1回限り有効なリンク）' : 'Acknowledge (one-time link)'}: ${c.ackLink}`);
  lines.push(
    '',
    '--',
    ja
      ? 'このメールは Renraku から自動送信されています。返信しても届きません。'
      : 'This message was sent automatically by Renraku. Replies are not read.',
  );
  return { subject, text: `${lines.join('\n')}\n` };
}

/** The JSON a webhook receives: the same allow-list as the e-mail. */
export function renderWebhook(
  c: AlertContent,
  ids: { deliveryId: string; notificationId: string; subject: { type: string; id: string } | null },
): string {
  const open = mayCarryContent(c.tlp);
  return JSON.stringify({
    id: ids.deliveryId,
    type: 'renraku.notification',
    notificationId: ids.notificationId,
    event: c.event,
    escalated: c.escalated,
    org: c.org,
    at: c.at.toISOString(),
    tlp: c.tlp,
    ...(c.severity ? { severity: c.severity } : {}),
    ...(c.incident ? { incidentId: c.incident.id, incidentNumber: c.incident.number } : {}),
    ...(c.sourceNumbers?.length ? { sourceIncidentNumbers: c.sourceNumbers } : {}),
    ...(c.situation
      ? {
          situationNumber: c.situation.number,
          ...(c.situation.request
            ? {
                requestNumber: c.situation.request.number,
                dueAt: c.situation.request.dueAt,
                ...(open ? { requestTitle: c.situation.request.title } : {}),
              }
            : {}),
          ...(open && c.situation.level ? { level: c.situation.level } : {}),
        }
      : {}),
    ...(c.inReviewOf ? { inReviewOf: c.inReviewOf } : {}),
    ...(c.exercise
      ? { exercise: { id: c.exercise.id, number: c.exercise.number, name: c.exercise.name } }
      : {}),
    subject: ids.subject,
    links: { subject: c.link, acknowledge: c.ackLink },
    ...(open && c.title ? { content: { title: c.title, summary: c.summary } } : {}),
  });
}
