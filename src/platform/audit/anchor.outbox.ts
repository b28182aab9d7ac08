import { createHash } from 'node:crypto';
import type { Unit } from '../db/transaction.js';
import type { Outbox, OutboxItem } from '../outbox/outbox.js';
import type { Anchor } from './anchor.format.js';

/** Where anchors are sent besides the file: the auditors' mailboxes and a webhook, through the outbox. */
export interface AnchorRecipients {
  emails: readonly string[];
  webhook: { url: string; secret: string } | undefined;
}

const mailText = (a: Anchor) =>
  [
    `Renraku 監査ログのアンカー #${a.n}（記録 1〜${a.seq}、${a.at}）`,
    `Renraku audit log anchor #${a.n} (rows 1..${a.seq}, ${a.at})`,
    '',
    'このメールを保管してください。監査ログがこのアンカーと一致するかは、下の行をファイルに保存して（アンカーごとに1行、番号順）次で確かめられます。',
    'Keep this message. To check the audit log against it, save the line below in a file (one line per anchor, in order) and run:',
    '',
    '  renraku audit verify --anchor FILE --public-key audit-signing.pub',
    '',
    a.line,
    '',
  ].join('\n');

/** The outbox items that carry one anchor out, each sent once (dedupe key and Message-ID per anchor). */
export function anchorItems(a: Anchor, to: AnchorRecipients): OutboxItem[] {
  const items: OutboxItem[] = to.emails.map((email) => {
    const who = createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 16);
    return {
      channel: 'email',
      dedupeKey: `audit-anchor:${a.n}:email:${email.toLowerCase()}`,
      notificationId: null,
      payload: {
        to: email,
        subject: `[Renraku] audit anchor #${a.n} (rows 1..${a.seq})`,
        text: mailText(a),
        messageId: `<audit-anchor-${a.n}.${who}@renraku>`,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Renraku-Audit-Anchor': String(a.n) },
      },
    };
  });
  if (to.webhook)
    items.push({
      channel: 'webhook',
      dedupeKey: `audit-anchor:${a.n}:webhook:${to.webhook.url}`,
      notificationId: null,
      payload: { url: to.webhook.url, body: a.line, secret: to.webhook.secret, id: `audit-anchor-${a.n}` },
    });
  return items;
}

export async function sendAnchor(unit: Unit, outbox: Outbox, a: Anchor, to: AnchorRecipients, at: Date) {
  for (const item of anchorItems(a, to)) await outbox.enqueue(unit, item, at);
}
