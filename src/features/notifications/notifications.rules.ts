import type { OrgKind } from '../../platform/access/roles.js';
import type { ContactRole } from '../contacts/contacts.schemas.js';
import { SEVERITIES } from '../incidents/vocabulary.js';

export type { ContactRole };

/** The events a body can be notified of (planned in the unit that records them). */
export const NOTIFIED_EVENTS = [
  'incident.reported',
  'report.added',
  'delivery.received',
  'delivery.awaiting_review',
  'consent.requested',
  'share.published',
  'message.posted',
  'incident.sent_back',
  'share.reminded',
] as const;
export type NotifiedEvent = (typeof NOTIFIED_EVENTS)[number];

export const CHANNELS = ['email', 'webhook', 'in-app'] as const;
export type Channel = (typeof CHANNELS)[number];

export type Severity = (typeof SEVERITIES)[number];

/** What a body wants for one kind of event. */
export interface Rule {
  event: NotifiedEvent;
  enabled: boolean;
  /** Incidents below this severity are not notified (incidents without one count as the lowest); null: all. */
  minSeverity: Severity | null;
  roles: ContactRole[];
  channels: Channel[];
  /** Minutes to acknowledge before the next contact is reached; null: no acknowledgment asked. */
  ackMinutes: number | null;
}

export const isNotifiedEvent = (type: string): type is NotifiedEvent =>
  (NOTIFIED_EVENTS as readonly string[]).includes(type);

/**
 * Sensible defaults: every body hears of its own new incidents (and, at a ministry, its agencies'; at the
 * center, those delivered to it) through its duty officer, who must acknowledge; the center hears of what it
 * receives after a review; a reviewing ministry of what waits for it; the CSIRT lead of consent requests.
 */
export function defaultRule(event: NotifiedEvent, kind: OrgKind, ackMinutes: number): Rule {
  const base = { event, minSeverity: null, channels: [...CHANNELS] };
  switch (event) {
    case 'incident.reported':
      return { ...base, enabled: true, roles: ['duty-officer'], ackMinutes };
    case 'report.added':
      return { ...base, enabled: false, roles: ['duty-officer'], ackMinutes: null };
    case 'delivery.received':
      return { ...base, enabled: kind === 'center', roles: ['duty-officer'], ackMinutes };
    case 'delivery.awaiting_review':
      return { ...base, enabled: kind === 'ministry', roles: ['duty-officer'], ackMinutes };
    case 'consent.requested':
      return { ...base, enabled: kind !== 'center', roles: ['csirt-lead'], ackMinutes };
    case 'share.published':
      // Shares carry their own acknowledgments; escalating every share of every body would drown the center.
      return { ...base, enabled: true, roles: ['duty-officer'], ackMinutes: null };
    case 'message.posted':
      // A question on an incident is read when its page is opened; nobody is chased for it.
      return { ...base, enabled: true, roles: ['duty-officer'], ackMinutes: null };
    case 'incident.sent_back':
      // The agency asked for more; its ministry, which asked, is not told of its own request.
      return { ...base, enabled: kind === 'agency', roles: ['duty-officer'], ackMinutes: null };
    case 'share.reminded':
      return { ...base, enabled: true, roles: ['duty-officer'], ackMinutes: null };
  }
}

/** Whether an incident of this severity reaches the rule's threshold. */
export function meetsSeverity(rule: Rule, severity: string | null): boolean {
  if (rule.minSeverity === null) return true;
  const rank = (s: string | null) => (SEVERITIES as readonly string[]).indexOf(s ?? '');
  return rank(severity) >= rank(rule.minSeverity);
}
