import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { audienceOf } from './notifications.audience.js';
import { closedReasonOf } from './notifications.close.js';
import type { NotificationDeps } from './notifications.deps.js';
import { presentNotification } from './notifications.presenter.js';
import { type NotificationRow, notificationsRepository } from './notifications.repository.js';
import { loadSubject, type Subject } from './notifications.subject.js';

/**
 * What a notification is about, as its reader may know it now: the title, severity and link when the reader may
 * read the thing (read again at every look: a share withdrawn since, or an incident forwarded since, changes the
 * answer); otherwise the body it is about and why it cannot be read yet.
 */
export interface About {
  type: Subject['type'];
  readable: boolean;
  title: string | null;
  severity: string | null;
  /** The body the thing is about (an incident's body; the center for its shares and consent requests). */
  orgId: string;
  path: string | null;
  /** Why it is not readable: an incident still in its ministry's review, or anything else kept from the reader. */
  pending: 'review' | 'restricted' | null;
}

const SUBJECT_TYPES = new Set(['incident', 'share', 'consent_request']);

/** Whether the reader, as a person of its body, may hear of the subject (the rule that chose its contacts). */
async function mayRead(unit: Unit, actor: Actor, subject: Subject): Promise<boolean> {
  const audience = await audienceOf(unit.tx, subject, [actor.orgId]);
  const item = { namedOnly: audience.namedOnly, bodyReads: audience.bodies.has(actor.orgId) };
  const named = audience.people.get(actor.userId) === actor.orgId;
  return can.hearOf(item, {
    orgId: actor.orgId,
    person: { orgId: actor.orgId, role: actor.role, active: true, named },
  });
}

/** What each notification is about, for this reader; a subject looked at once however many rows name it. */
export async function aboutOf(
  unit: Unit,
  actor: Actor,
  rows: readonly NotificationRow[],
): Promise<Map<string, About>> {
  // The center told of an alert it could not read holds no subject: its chain's first notification does.
  const firstIds = [...new Set(rows.filter((r) => r.subject_type === 'org').map((r) => r.chain_id))];
  const firsts = await notificationsRepository.byIds(unit.tx, firstIds);
  const seen = new Map<string, About | null>();
  const out = new Map<string, About>();
  for (const n of rows) {
    const source = n.subject_type === 'org' ? firsts.get(n.chain_id) : n;
    if (!source || !SUBJECT_TYPES.has(source.subject_type)) continue;
    const key = `${source.subject_type}:${source.subject_id}`;
    if (!seen.has(key)) {
      const subject = await loadSubject(unit.tx, { type: source.subject_type, id: source.subject_id });
      if (!subject) seen.set(key, null);
      else {
        const readable = await mayRead(unit, actor, subject);
        seen.set(key, {
          type: subject.type,
          readable,
          title: readable ? subject.title : null,
          severity: readable ? subject.severity : null,
          orgId: subject.orgId,
          path: readable ? subject.path : null,
          pending: readable
            ? null
            : subject.type === 'incident' && actor.orgKind === 'center'
              ? 'review'
              : 'restricted',
        });
      }
    }
    const about = seen.get(key);
    if (about) out.set(n.id, about);
  }
  return out;
}

/**
 * The reader's notifications, newest first, each saying what happened as far as the reader may know it. Titles
 * shown are a read of content: the read is audited with the things it names.
 */
export async function myNotifications(args: {
  unit: Unit;
  actor: Actor;
  openOnly: boolean;
  limit: number;
  deps: Pick<NotificationDeps, 'audit' | 'clock'>;
}) {
  const { unit, actor, deps } = args;
  const rows = await notificationsRepository.mine(unit.tx, actor, args.openOnly, args.limit);
  const about = await aboutOf(unit, actor, rows);
  const orgs = await orgsDirectory.byIds(unit.tx, [
    ...new Set([
      ...rows.map((n) => n.alert_org_id),
      ...[...about.values()].map((a) => a.orgId),
      ...rows.flatMap((n) => closedReasonOf(n.closed_reason)?.orgId ?? []),
    ]),
  ]);
  const shown = [...about.values()].filter((a) => a.readable);
  if (shown.length > 0)
    await deps.audit.append(
      unit,
      audited(actor, 'notification.list', 'notification', null, {
        subjects: [...new Set(shown.map((a) => a.path))],
      }),
      deps.clock.now(),
    );
  return { items: rows.map((n) => presentNotification(n, orgs, about.get(n.id) ?? null)) };
}
