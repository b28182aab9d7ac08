import { hashSecret } from '../../platform/auth/secrets.js';
import type { Unit } from '../../platform/db/transaction.js';
import { campaignsReads } from '../campaigns/campaigns.reads.js';
import type { OrgRow } from '../orgs/orgs.directory.js';
import type { PolicyDeps } from './policies.deps.js';
import type { RequestRow } from './policies.repository.js';

// The e-mails of policy requests: the request itself, the reminder before the due date, and the escalation once
// it has passed (to the asked body and to the sender). They carry no incident content: TLP:CLEAR.

type Locale = 'ja' | 'en';
export type RequestMailKind = 'request' | 'reminder' | 'overdue' | 'escalation';

const oneLine = (s: string) => s.replace(/\p{Cc}+/gu, ' ').trim();

const SUBJECTS: Record<RequestMailKind, Record<Locale, string>> = {
  request: {
    ja: 'ポリシーへの記載と連絡体制の確認のお願い',
    en: 'Please add the reporting clause and confirm your contact structure',
  },
  reminder: {
    ja: '【リマインド】ポリシーへの記載と連絡体制の確認',
    en: '[Reminder] Reporting clause and contact structure',
  },
  overdue: {
    ja: '【期限超過】ポリシーへの記載と連絡体制の確認',
    en: '[Overdue] Reporting clause and contact structure',
  },
  escalation: { ja: '【期限超過】未回答の機関があります', en: '[Overdue] A body has not answered' },
};

function render(kind: RequestMailKind, r: RequestRow, about: OrgRow, locale: Locale, link: string) {
  const ja = locale === 'ja';
  const name = oneLine(ja ? about.name_ja : about.name_en);
  const subject = `[TLP:CLEAR] [Renraku] ${SUBJECTS[kind][locale]} (${r.due_date}): ${name}`;
  const lines = ja
    ? [
        kind === 'escalation'
          ? `${name} は、${r.due_date} が期限の要請にまだ回答していません。`
          : `${name} の情報セキュリティポリシーに報告義務の条項を記載し、連絡体制を確認して、${r.due_date} までに回答してください。`,
        '',
        oneLine(r.message),
        '',
        `Renraku で回答してください: ${link}`,
        '',
        '--',
        'このメールは Renraku から自動送信されています。返信しても届きません。',
      ]
    : [
        kind === 'escalation'
          ? `${name} has not answered the request due ${r.due_date}.`
          : `Please write the reporting duty into the information security policy of ${name}, confirm its contact structure, and answer by ${r.due_date}.`,
        '',
        oneLine(r.message),
        '',
        `Answer in Renraku: ${link}`,
        '',
        '--',
        'This message was sent automatically by Renraku. Replies are not read.',
      ];
  return { subject, text: `${lines.join('\n')}\n` };
}

/**
 * Writes the request's mail about body `about` to the officers of body `to` into the outbox, once per request,
 * body, kind and address (the dedupe key), sent after commit. Returns how many addresses it went to.
 */
export async function mailRequest(
  unit: Unit,
  deps: PolicyDeps,
  r: RequestRow,
  kind: RequestMailKind,
  about: OrgRow,
  to: OrgRow,
  at: Date,
): Promise<number> {
  // The people who answer for the body's contact structure, as the campaigns write to them.
  const recipients = await campaignsReads.contactStructureOfficers(unit.tx, to.id);
  const link = `${deps.publicUrl}/policies/requests`;
  for (const p of recipients) {
    const key = `policy-request:${r.id}:${about.id}:${kind}:${r.due_at}`;
    await deps.outbox.enqueue(
      unit,
      {
        channel: 'email',
        dedupeKey: `${key}:email:${p.email}`,
        notificationId: null,
        payload: {
          to: p.email,
          ...render(kind, r, about, p.locale, link),
          messageId: `<policy-request.${r.id}.${about.id}.${kind}.${hashSecret(p.email).slice(0, 16)}@renraku>`,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Renraku-Policy-Request': r.id },
        },
      },
      at,
    );
  }
  return recipients.length;
}
