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
  'situation.declared',
  'situation.level_changed',
  'situation.stood_down',
  'situation.report_issued',
  'situation.report_due',
  'rollcall.reminded',
  'situation.request.issued',
  'situation.request.amended',
  'situation.request.withdrawn',
  'situation.request.overdue',
  'correlation.found',
  'deadline.due_soon',
  'deadline.overdue',
  'accountability.due_soon',
  'accountability.overdue',
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
  /**
   * Acknowledgment is asked only from this severity up (below it the contact is told, nothing escalates); null:
   * at every severity. Things without a severity (shares, consent requests) count as asking it always.
   */
  ackMinSeverity: Severity | null;
}

export const isNotifiedEvent = (type: string): type is NotifiedEvent =>
  (NOTIFIED_EVENTS as readonly string[]).includes(type);

const ALL_KINDS: readonly OrgKind[] = ['center', 'ministry', 'agency'];
const BODIES: readonly OrgKind[] = ['ministry', 'agency'];

/** The events about a large-scale situation: a body's "own" is one it is in scope of (a reminder: its own). */
export const SITUATION_EVENTS: ReadonlySet<NotifiedEvent> = new Set([
  'situation.declared',
  'situation.level_changed',
  'situation.stood_down',
  'situation.report_issued',
  'rollcall.reminded',
  'situation.request.issued',
  'situation.request.amended',
  'situation.request.withdrawn',
  'situation.request.overdue',
]);

/**
 * One default rule, as data: an event at some kinds of body (`own`: about the body's own incident or not; for a
 * situation, whether the body is in its scope; for a roll-call reminder, whether the body is the one reminded).
 */
export interface DefaultRuleSpec {
  event: NotifiedEvent;
  kinds: readonly OrgKind[];
  own?: boolean;
  roles: readonly ContactRole[];
  /** never: told only; always: acknowledged or escalated; a severity: acknowledged from that severity up. */
  ack: 'never' | 'always' | Severity;
}

/**
 * The default rules of every body that has not written its own (they are not stored, so a deployment whose
 * rules were never edited follows these as they change). Acknowledgment, and escalation without it, is asked
 * for what matters: what awaits this body's review or decision, and serious incidents of others. Routine
 * traffic informs: a body's own quick report (it made it), low and medium incidents of others, shares.
 * An event at a kind of body with no line here is not notified (follow-up reports).
 */
export const DEFAULT_RULES: readonly DefaultRuleSpec[] = [
  { event: 'incident.reported', kinds: ALL_KINDS, own: true, roles: ['duty-officer'], ack: 'never' },
  { event: 'incident.reported', kinds: ALL_KINDS, own: false, roles: ['duty-officer'], ack: 'high' },
  { event: 'delivery.received', kinds: ['center'], roles: ['duty-officer'], ack: 'high' },
  { event: 'delivery.awaiting_review', kinds: ['ministry'], roles: ['duty-officer'], ack: 'always' },
  { event: 'consent.requested', kinds: ['ministry', 'agency'], roles: ['csirt-lead'], ack: 'always' },
  { event: 'share.published', kinds: ALL_KINDS, roles: ['duty-officer'], ack: 'never' },
  // A question on an incident is read when its page is opened; nobody is chased for it.
  { event: 'message.posted', kinds: ALL_KINDS, roles: ['duty-officer'], ack: 'never' },
  // The agency asked for more is told; its ministry, which asked, is not told of its own request.
  { event: 'incident.sent_back', kinds: ['agency'], roles: ['duty-officer'], ack: 'never' },
  { event: 'share.reminded', kinds: ALL_KINDS, roles: ['duty-officer'], ack: 'never' },
  // A declaration and a change of posture are priority notices to every body in scope (the center declared
  // them); the minutes to acknowledge are the level's (see ackMinutesFor). The stand-down informs.
  { event: 'situation.declared', kinds: BODIES, own: true, roles: ['duty-officer'], ack: 'always' },
  { event: 'situation.level_changed', kinds: BODIES, own: true, roles: ['duty-officer'], ack: 'always' },
  { event: 'situation.stood_down', kinds: BODIES, own: true, roles: ['duty-officer'], ack: 'never' },
  // A situation report (状況報告) informs every body in scope; nobody is chased for reading it.
  { event: 'situation.report_issued', kinds: BODIES, own: true, roles: ['duty-officer'], ack: 'never' },
  // The center is reminded when its next report on a situation is due and not issued.
  { event: 'situation.report_due', kinds: ['center'], roles: ['duty-officer'], ack: 'never' },
  // A body that has not answered the roll-call by its deadline is chased; the ministry of such an agency, which
  // may answer on its behalf, is told.
  { event: 'rollcall.reminded', kinds: BODIES, own: true, roles: ['duty-officer'], ack: 'always' },
  { event: 'rollcall.reminded', kinds: ['ministry'], own: false, roles: ['duty-officer'], ack: 'never' },
  // A request (要請) of the center reaches the bodies it addresses only ("own": addressed), asking them to
  // acknowledge it; moving the request to 受領 acknowledges it too (notifications.close). A moved due time and a
  // withdrawal inform them. Past its due time and not 完了, the body is chased once per due time, and the
  // ministry of such an agency, which may move it on its behalf, is told.
  { event: 'situation.request.issued', kinds: BODIES, own: true, roles: ['duty-officer'], ack: 'always' },
  { event: 'situation.request.amended', kinds: BODIES, own: true, roles: ['duty-officer'], ack: 'never' },
  { event: 'situation.request.withdrawn', kinds: BODIES, own: true, roles: ['duty-officer'], ack: 'never' },
  { event: 'situation.request.overdue', kinds: BODIES, own: true, roles: ['duty-officer'], ack: 'always' },
  {
    event: 'situation.request.overdue',
    kinds: ['ministry'],
    own: false,
    roles: ['duty-officer'],
    ack: 'never',
  },
  // Two incidents share an indicator (issue 14): the center's analysts and a ministry (within what it reads) are
  // told, to look at the cluster; nobody is chased for it. An agency sees its own correlations on its incidents.
  { event: 'correlation.found', kinds: ['center', 'ministry'], roles: ['csirt-lead'], ack: 'never' },
  // A reporting clock of a deadline profile (issue 15) about to run out reminds the body; once it has run out
  // the body is chased (acknowledged, or escalated along its contact structure) and its ministry is told.
  { event: 'deadline.due_soon', kinds: BODIES, own: true, roles: ['duty-officer'], ack: 'never' },
  { event: 'deadline.overdue', kinds: BODIES, own: true, roles: ['duty-officer'], ack: 'always' },
  { event: 'deadline.overdue', kinds: ['ministry'], own: false, roles: ['duty-officer'], ack: 'never' },
  // A public-explanation decision (issue 15) about to fall due reminds the body's officers; once overdue the body
  // is chased (acknowledged, or escalated along its contact structure), its ministry and the center are told.
  { event: 'accountability.due_soon', kinds: BODIES, own: true, roles: ['csirt-lead', 'ciso'], ack: 'never' },
  { event: 'accountability.overdue', kinds: BODIES, own: true, roles: ['csirt-lead', 'ciso'], ack: 'always' },
  {
    event: 'accountability.overdue',
    kinds: ['center', 'ministry'],
    own: false,
    roles: ['csirt-lead'],
    ack: 'never',
  },
];

/** Which of an event's defaults the rules screen shows a body of this kind (as it would apply to it mostly). */
export const shownAsOwn = (event: NotifiedEvent, kind: OrgKind): boolean =>
  kind === 'agency' || SITUATION_EVENTS.has(event);

/** The default rule of an event at a kind of body, for its own incidents or others' (see DEFAULT_RULES). */
export function defaultRule(event: NotifiedEvent, kind: OrgKind, ackMinutes: number, own = false): Rule {
  const spec = DEFAULT_RULES.find(
    (d) => d.event === event && d.kinds.includes(kind) && (d.own === undefined || d.own === own),
  );
  const base = { event, minSeverity: null, channels: [...CHANNELS] };
  if (!spec)
    return { ...base, enabled: false, roles: ['duty-officer'], ackMinutes: null, ackMinSeverity: null };
  return {
    ...base,
    enabled: true,
    roles: [...spec.roles],
    ackMinutes: spec.ack === 'never' ? null : ackMinutes,
    ackMinSeverity: spec.ack === 'never' || spec.ack === 'always' ? null : spec.ack,
  };
}

const rank = (s: string | null) => (SEVERITIES as readonly string[]).indexOf(s ?? '');

/** Whether an incident of this severity reaches the rule's threshold. */
export function meetsSeverity(rule: Rule, severity: string | null): boolean {
  if (rule.minSeverity === null) return true;
  return rank(severity) >= rank(rule.minSeverity);
}

/**
 * Minutes the rule gives to acknowledge a subject of this kind and severity; null: told, not asked. A subject
 * that sets its own minutes (a situation: its level's) is given those whenever the rule asks at all.
 */
export function ackMinutesFor(
  rule: Rule,
  subject: { type: string; severity: string | null; ackMinutes?: number | null },
): number | null {
  if (rule.ackMinutes !== null && subject.ackMinutes != null) return subject.ackMinutes;
  if (rule.ackMinutes === null || rule.ackMinSeverity === null || subject.type !== 'incident')
    return rule.ackMinutes;
  return rank(subject.severity) >= rank(rule.ackMinSeverity) ? rule.ackMinutes : null;
}
