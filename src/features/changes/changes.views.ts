import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Executor } from '../../platform/db/database.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { type Person, usersReads } from '../users/users.reads.js';
import { type ChangeRow, changesRepository } from './changes.repository.js';
import { confirmRefusal } from './changes.usecases.js';

/** A change with what its presentation needs: its body, the people it names, and what the actor may do now. */
export interface ChangeView {
  row: ChangeRow;
  org: OrgRow;
  requester: Person | undefined;
  decider: Person | undefined;
  /** Open: pending and not expired. */
  open: boolean;
  mayConfirm: boolean;
  mayReject: boolean;
}

/** Changes as the actor sees them, with what it may do to each now; a change whose body is unknown is left out. */
export async function changeViews(
  db: Executor,
  actor: Actor,
  rows: ChangeRow[],
  now: Date,
): Promise<ChangeView[]> {
  const at = now.toISOString();
  const [orgs, people, granters] = await Promise.all([
    orgsDirectory.byIds(
      db,
      rows.map((r) => r.org_id),
    ),
    usersReads.byIds(
      db,
      rows.flatMap((r) => [r.requested_by, ...(r.decided_by ? [r.decided_by] : [])]),
    ),
    changesRepository.grantersOf(db, actor.userId),
  ]);
  const views: ChangeView[] = [];
  for (const row of rows) {
    const org = orgs.get(row.org_id);
    if (!org) continue;
    const open = row.status === 'pending' && (row.expires_at ?? '') > at;
    const ref = { orgId: row.org_id, confirmBy: row.confirm_by, requestedBy: row.requested_by };
    views.push({
      row,
      org,
      requester: people.get(row.requested_by),
      decider: row.decided_by ? people.get(row.decided_by) : undefined,
      open,
      mayConfirm: open && (await confirmRefusal(db, actor, row, granters)) === null,
      mayReject: open && (actor.userId === row.requested_by || can.confirmChange(actor, ref)),
    });
  }
  return views;
}

/** One change as `actor` sees it; its body always exists (orgs are never deleted while a change names them). */
export async function changeView(db: Executor, actor: Actor, row: ChangeRow, now: Date): Promise<ChangeView> {
  const [view] = await changeViews(db, actor, [row], now);
  if (!view) throw new Error(`The body of change ${row.id} is missing.`);
  return view;
}
