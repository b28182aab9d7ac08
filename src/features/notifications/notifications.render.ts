import { IN_REVIEW, INCIDENT_KINDS, SEVERITY } from './notifications.render.incident.js';
import { REQUEST_KINDS } from './notifications.render.request.js';
import { numbersInSubject, SHARE_KINDS } from './notifications.render.share.js';
import { SITUATION_KINDS, situationHeadline, situationLines } from './notifications.render.situation.js';
import { exerciseLine, formatTime, oneLine } from './notifications.render.text.js';
import type { AlertContent, KindWords, Recipient } from './notifications.render.types.js';

export { formatTime } from './notifications.render.text.js';
export type { AlertContent, Recipient, SituationContent } from './notifications.render.types.js';

/**
 * TLP:CLEAR and TLP:GREEN may travel by e-mail and webhook; AMBER, AMBER+STRICT and RED never leave Renraku:
 * only the body's name, the kind of event, its time and links do.
 */
export const mayCarryContent = (tlp: string): boolean => tlp === 'TLP:CLEAR' || tlp === 'TLP:GREEN';

// Each kind of notice has its words in the file of its kind; every kind has them (the type says so).
const KINDS: Record<AlertContent['event'], KindWords> = {
  ...INCIDENT_KINDS,
  ...SHARE_KINDS,
  ...SITUATION_KINDS,
  ...REQUEST_KINDS,
};

export const kindLabel = (event: AlertContent['event'], locale: 'ja' | 'en') => KINDS[event].label[locale];
export const orgName = (c: AlertContent, locale: 'ja' | 'en') =>
  oneLine(locale === 'ja' ? c.org.nameJa : c.org.nameEn);

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
  lines.push(KINDS[c.event].sentence[r.locale](name), '');
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
