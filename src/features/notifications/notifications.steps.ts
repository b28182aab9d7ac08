import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import type { NotificationDeps } from './notifications.deps.js';
import { type NotificationRow, notificationsRepository, type StepRow } from './notifications.repository.js';

export type StepKind =
  | 'notified'
  | 'delivered'
  | 'delivery_failed'
  | 'escalated'
  | 'exhausted'
  | 'acknowledged'
  | 'closed';

/** One step of a chain to record (see recordStep). */
export interface StepArgs {
  notification: NotificationRow;
  kind: StepKind;
  at: Date;
  channel?: string;
  actor?: { userId: string; orgId: string } | null;
  detail?: Record<string, unknown>;
}

/**
 * Records one step of a chain — who was reached, a delivery, a failure, an escalation, the acknowledgment —
 * and audits it in the same unit. Details name ids and reasons, never content.
 */
export async function recordStep(
  unit: Unit,
  deps: Pick<NotificationDeps, 'audit'>,
  args: StepArgs,
): Promise<void> {
  await recordSteps(unit, deps, [args]);
}

/** `recordStep` for several steps, their rows written in one statement. */
export async function recordSteps(
  unit: Unit,
  deps: Pick<NotificationDeps, 'audit'>,
  steps: readonly StepArgs[],
): Promise<void> {
  const rows: StepRow[] = [];
  for (const args of steps) {
    const n = args.notification;
    const detail = { step: n.step, ...(args.detail ?? {}) };
    rows.push({
      id: newId(),
      chain_id: n.chain_id,
      notification_id: n.id,
      incident_id: await chainIncident(unit, n),
      alert_org_id: n.alert_org_id,
      org_id: n.org_id,
      contact_id: n.contact_id,
      kind: args.kind,
      channel: args.channel ?? null,
      at: args.at.toISOString(),
      detail: JSON.stringify(detail),
    });
    await deps.audit.append(
      unit,
      audited(args.actor ?? null, `notification.${args.kind}`, 'notification', n.id, {
        chainId: n.chain_id,
        contactId: n.contact_id,
        event: n.event,
        ...(args.channel ? { channel: args.channel } : {}),
        ...detail,
      }),
      args.at,
    );
  }
  await notificationsRepository.insertSteps(unit.tx, rows);
}

// A notification to the center about an alert it may not read carries no incident id; the chain still belongs
// to the incident, and its readers see the step there.
async function chainIncident(unit: Unit, n: NotificationRow): Promise<string | null> {
  if (n.incident_id !== null || n.chain_id === n.id) return n.incident_id;
  const first = await notificationsRepository.byId(unit.tx, n.chain_id);
  return first?.incident_id ?? null;
}
