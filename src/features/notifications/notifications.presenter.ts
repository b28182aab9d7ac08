import type { OrgRow } from '../orgs/orgs.directory.js';
import type { About } from './notifications.about.js';
import { closedReasonOf } from './notifications.close.js';
import type { NotificationRow, StepRow } from './notifications.repository.js';
import type { Rule } from './notifications.rules.js';

const orgRef = (o: OrgRow | undefined) => (o ? { slug: o.slug, nameJa: o.name_ja, nameEn: o.name_en } : null);

export const presentRule = (rule: Rule, custom: boolean) => ({
  event: rule.event,
  enabled: rule.enabled,
  minSeverity: rule.minSeverity,
  roles: rule.roles,
  channels: rule.channels,
  ackMinutes: rule.ackMinutes,
  ackMinSeverity: rule.ackMinSeverity,
  custom,
});

const presentAbout = (a: About, orgs: Map<string, OrgRow>) => ({
  type: a.type,
  readable: a.readable,
  title: a.title,
  severity: a.severity,
  org: orgRef(orgs.get(a.orgId)),
  path: a.path,
  pending: a.pending,
});

const presentClosed = (raw: string | null, orgs: Map<string, OrgRow>) => {
  const r = closedReasonOf(raw);
  return r ? { action: r.action, org: orgRef(orgs.get(r.orgId)), at: r.at } : null;
};

/**
 * A notification as its recipient sees it: what happened (the title only when the recipient may read the thing
 * now, see notifications.inbox.ts), the body, the time, the link, and whether it is answered or closed.
 */
export const presentNotification = (
  n: NotificationRow,
  orgs: Map<string, OrgRow>,
  about: About | null = null,
) => ({
  id: n.id,
  event: n.event,
  tlp: n.tlp,
  alertOrg: orgRef(orgs.get(n.alert_org_id)),
  subject: n.subject_type === 'org' ? null : { type: n.subject_type, id: n.subject_id },
  incidentId: n.incident_id,
  step: n.step,
  channels: JSON.parse(n.channels) as string[],
  createdAt: n.created_at,
  needsAck: n.ack_requested === 1,
  escalateAt: n.escalate_at,
  acknowledgedAt: n.acknowledged_at,
  acknowledgedVia: n.ack_via,
  deliveryFailed: n.failed_at !== null,
  about: about ? presentAbout(about, orgs) : null,
  exercise: about?.exercise ?? null,
  closed: presentClosed(n.closed_reason, orgs),
});

/**
 * One step of an incident's notifications. Who was reached (and why a delivery failed, which may name an
 * address) is shown only to those who may read that body's contact structure.
 */
export const presentStep = (
  s: StepRow,
  ctx: {
    orgs: Map<string, OrgRow>;
    contacts: Map<string, { name: string; role: string }>;
    mayReadContacts: (orgId: string) => boolean;
  },
) => {
  const detail = JSON.parse(s.detail) as {
    step?: number;
    reason?: string;
    via?: string;
    error?: string;
    channels?: string[];
  };
  const identified = s.org_id !== null && ctx.mayReadContacts(s.org_id);
  const contact = identified && s.contact_id ? ctx.contacts.get(s.contact_id) : undefined;
  return {
    at: s.at,
    kind: s.kind,
    chainId: s.chain_id,
    step: detail.step ?? 0,
    alertOrg: orgRef(ctx.orgs.get(s.alert_org_id)),
    reachedOrg: s.org_id ? orgRef(ctx.orgs.get(s.org_id)) : null,
    contact: contact ? { name: contact.name, role: contact.role } : null,
    channel: s.channel,
    channels: detail.channels ?? null,
    reason: detail.reason ?? null,
    via: detail.via ?? null,
    error: identified ? (detail.error ?? null) : null,
  };
};
