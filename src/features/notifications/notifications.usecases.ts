import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import type { ChangeDeps } from '../changes/changes.deps.js';
import type { ChangeKind } from '../changes/changes.kinds.js';
import { type Proposed, recordApplied, requestChange } from '../changes/changes.usecases.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import type { NotificationDeps } from './notifications.deps.js';
import { notificationErrors } from './notifications.errors.js';
import { presentRule } from './notifications.presenter.js';
import { notificationsRepository, RULES_CHANGED, ruleFromRow } from './notifications.repository.js';
import { defaultRule, NOTIFIED_EVENTS, shownAsOwn } from './notifications.rules.js';
import type { RulesInput } from './notifications.schemas.js';

/** The body of the slug, if the actor may read its rules; otherwise it does not exist for the actor. */
export async function rulesOrg(db: Executor, actor: Actor, slug: string): Promise<OrgRow> {
  const org = await orgsDirectory.bySlug(db, slug);
  if (!org || !can.readNotificationRules(actor, { orgId: org.id, parentId: org.parent_id }))
    throw notificationErrors.rulesNotFound();
  return org;
}

/** Every event with the body's rule for it: its own, or the default. */
export async function effectiveRules(db: Executor, org: OrgRow, escalationMinutes: number) {
  const own = new Map((await notificationsRepository.rulesOf(db, org.id)).map((r) => [r.event, r]));
  return {
    org: org.slug,
    rules: NOTIFIED_EVENTS.map((event) => {
      const row = own.get(event);
      return row
        ? presentRule(ruleFromRow(row), true)
        : // An agency hears of its own incidents only; other bodies of theirs and of others'; every body of
          // the situations it is in scope of.
          presentRule(defaultRule(event, org.kind, escalationMinutes, shownAsOwn(event, org.kind)), false);
    }),
  };
}

/** Writes a body's rules; the caller has decided that it may (the body's officer, or a confirmed change). */
export async function writeRules(
  unit: Unit,
  args: {
    org: OrgRow;
    input: RulesInput;
    auditActor: Actor;
    deps: NotificationDeps;
    detail?: Record<string, unknown>;
  },
) {
  const { org, input, deps } = args;
  const now = deps.clock.now();
  unit.changed(RULES_CHANGED);
  await notificationsRepository.replaceRules(
    unit.tx,
    org.id,
    input.rules.map((r) => ({
      org_id: org.id,
      event: r.event,
      enabled: r.enabled ? 1 : 0,
      min_severity: r.minSeverity ?? null,
      roles: JSON.stringify(r.roles),
      channels: JSON.stringify(r.channels),
      ack_minutes: r.ackMinutes === undefined ? deps.escalationMinutes : r.ackMinutes,
      ack_min_severity: r.ackMinSeverity ?? null,
      updated_at: now.toISOString(),
      updated_by: args.auditActor.userId,
    })),
  );
  await deps.audit.append(
    unit,
    audited(args.auditActor, 'notification_rules.update', 'org', org.id, {
      rules: input.rules,
      ...args.detail,
    }),
    now,
  );
  return effectiveRules(unit.tx, org, deps.escalationMinutes);
}

/**
 * Replaces a body's rules (its security officer): events not listed go back to their default. They decide who
 * hears of the body's incidents, like its contacts: anyone else (an administrator) asks, and the body confirms.
 */
export async function replaceRules(args: {
  unit: Unit;
  actor: Actor;
  slug: string;
  input: RulesInput;
  deps: NotificationDeps;
  changes: ChangeDeps;
}): Promise<Proposed<Awaited<ReturnType<typeof effectiveRules>>>> {
  const { unit, actor, input, deps } = args;
  const org = await rulesOrg(unit.tx, actor, args.slug);
  if (!can.manageNotificationRules(actor, { orgId: org.id }))
    throw commonErrors.forbidden("The body's security officer manages its notification rules.");
  const seen = new Set<string>();
  for (const r of input.rules) {
    if (seen.has(r.event)) throw notificationErrors.duplicateEvent(r.event);
    seen.add(r.event);
  }
  const subject = { key: `notification-rules:${org.id}` };
  const summary = { rules: input.rules };
  if (can.changeBodyDirectly(actor, { orgId: org.id })) {
    const done = await writeRules(unit, { org, input, auditActor: actor, deps });
    const kind = NOTIFICATION_RULES_KIND;
    await recordApplied({ unit, deps: args.changes, kind, org, actor, subject, summary });
    return { done };
  }
  const pending = await requestChange({
    unit,
    deps: args.changes,
    kind: NOTIFICATION_RULES_KIND,
    org,
    requester: actor,
    subject,
    payload: input,
    summary,
  });
  return { pending };
}

export const NOTIFICATION_RULES_KIND = 'notification_rules.replace';

/** A body's rules asked by an administrator, written once the body confirms them. */
export const notificationRulesKind = (deps: NotificationDeps): ChangeKind => ({
  name: NOTIFICATION_RULES_KIND,
  async apply({ unit, change, confirmer }) {
    const org = await orgsDirectory.byId(unit.tx, change.orgId);
    if (!org) throw notificationErrors.rulesNotFound();
    await writeRules(unit, {
      org,
      input: change.payload as RulesInput,
      auditActor: confirmer,
      deps,
      detail: { change: change.id, requestedBy: change.requestedBy },
    });
    return undefined;
  },
});
