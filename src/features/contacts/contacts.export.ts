import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { type ExportOptions, localTime, type Sheet } from '../../platform/export/sheets.js';
import { bodyFor, type ContactDeps } from './contacts.deps.js';
import { presentContact } from './contacts.presenter.js';
import { contactsInOrder } from './contacts.usecases.js';

// A body's contact structure (連絡体制表) as a reader takes it away: one row a contact, in escalation order,
// exactly as the contact screen shows them to this reader (a webhook URL in full only to the body's officer).

/** Reads a body's contact structure to export it: whoever may read it; audited with its format. */
export async function exportContacts(args: {
  unit: Unit;
  actor: Actor;
  slug: string;
  format: string;
  deps: ContactDeps;
}) {
  const { unit, actor, deps } = args;
  const org = await bodyFor(unit.tx, actor, args.slug, 'read');
  const now = deps.clock.now();
  const contacts = await contactsInOrder(unit.tx, org.id, now);
  await deps.audit.append(
    unit,
    audited(actor, 'contact.export', 'org', org.id, {
      org: org.slug,
      format: args.format,
      ids: contacts.map((c) => c.id),
    }),
    now,
  );
  const view = can.changeBodyDirectly(actor, { orgId: org.id }) ? 'manage' : 'read';
  return { org, contacts: contacts.map((c) => presentContact(c, org.slug, view)) };
}

const LABELS = {
  ja: {
    sheet: '連絡体制表',
    body: '組織',
    order: '順位',
    name: '氏名',
    role: '役割',
    email: 'メール',
    phones: '電話',
    webhook: 'Webhook',
    availability: '対応時間',
    hours: '業務時間',
    timeZone: 'タイムゾーン',
    verifiedAt: '最終確認',
    always: '24時間365日',
    business: '業務時間内',
    roles: {
      ciso: 'CISO（最高情報セキュリティ責任者）',
      'csirt-lead': 'CSIRT責任者',
      'duty-officer': '当番担当者',
      deputy: '代理',
      other: 'その他',
    },
  },
  en: {
    sheet: 'Contact structure',
    body: 'Body',
    order: 'Order',
    name: 'Name',
    role: 'Role',
    email: 'E-mail',
    phones: 'Phones',
    webhook: 'Webhook',
    availability: 'Availability',
    hours: 'Business hours',
    timeZone: 'Time zone',
    verifiedAt: 'Last verified',
    always: 'Around the clock',
    business: 'Business hours',
    roles: {
      ciso: 'CISO',
      'csirt-lead': 'CSIRT lead',
      'duty-officer': 'Duty officer',
      deputy: 'Deputy',
      other: 'Other',
    },
  },
} as const;

type Presented = ReturnType<typeof presentContact>;

/** The contact structure as one sheet, each row naming the body. */
export function contactSheets(
  org: { name_ja: string; name_en: string },
  contacts: Presented[],
  { lang, timeZone }: Pick<ExportOptions, 'lang' | 'timeZone'>,
): Sheet[] {
  const l = LABELS[lang];
  const roles: Record<string, string> = l.roles;
  return [
    {
      name: l.sheet,
      header: [
        l.body,
        l.order,
        l.name,
        l.role,
        l.email,
        l.phones,
        l.webhook,
        l.availability,
        l.hours,
        l.timeZone,
        l.verifiedAt,
      ],
      rows: contacts.map((c) => [
        lang === 'ja' ? org.name_ja : org.name_en,
        c.order,
        c.name,
        roles[c.role] ?? c.role,
        c.email,
        c.phones.map((p) => `${p.label}: ${p.number}`).join('\n'),
        c.webhookUrl,
        c.availability === '24/7'
          ? l.always
          : c.availability === 'business-hours'
            ? l.business
            : c.availability,
        c.businessHours ? `${c.businessHours.start}–${c.businessHours.end}` : '',
        c.timeZone,
        localTime(c.verifiedAt, timeZone),
      ]),
    },
  ];
}
