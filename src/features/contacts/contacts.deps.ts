import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { lockOrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { orgErrors } from '../orgs/orgs.errors.js';
import { CONTACTS_CHANGED } from './contacts.repository.js';

/** What the contact use-cases run on. */
export interface ContactDeps {
  audit: AuditLog;
  clock: Clock;
  /** Time zone of business hours when a contact names none (RENRAKU_TIME_ZONE). */
  defaultTimeZone: string;
  /** RENRAKU_WEBHOOK_ALLOW_LOOPBACK. */
  allowLoopbackWebhooks: boolean;
  /** RENRAKU_WEBHOOK_PORTS. */
  webhookPorts: readonly number[];
}

export const contactDepsOf = (s: { audit: AuditLog; clock: Clock; config: Config }): ContactDeps => ({
  audit: s.audit,
  clock: s.clock,
  defaultTimeZone: s.config.timeZone,
  allowLoopbackWebhooks: s.config.webhookAllowLoopback,
  webhookPorts: s.config.webhookPorts,
});

/**
 * The body whose contacts are asked for. A body whose structure the actor may not read does not exist for it;
 * one it reads but may not change answers 403. `actor` null is the host operator (CLI).
 */
export async function bodyFor(db: Executor, actor: Actor | null, slug: string, need: 'read' | 'manage') {
  const org = await orgsDirectory.bySlug(db, slug);
  if (!org || (actor && !can.readContacts(actor, { orgId: org.id, parentId: org.parent_id })))
    throw orgErrors.notFound();
  if (need === 'manage' && actor && !can.manageContacts(actor, { orgId: org.id }))
    throw commonErrors.forbidden("Only the body's security officer changes its contact structure.");
  return org;
}

/**
 * Serialises changes to one body's structure (its escalation order) across PostgreSQL connections, and tells
 * every node that contacts change (the copies that notifications keep: see `CONTACTS_CHANGED`).
 */
export async function lockBody(unit: Unit, orgId: string) {
  unit.changed(CONTACTS_CHANGED);
  if (unit.dialect === 'postgres') await lockOrgRow(unit.tx, orgId);
}
