import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Executor } from '../../platform/db/database.js';
import { presentOrg } from '../incidents/incidents.presenter.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import { type ChangeRow, changesRepository } from './changes.repository.js';
import { confirmRefusal } from './changes.usecases.js';

// The explicit allow-list of what leaves the server about a change: never its payload (a password hash, a
// webhook URL before it is confirmed…), only its summary.

/** Changes as the actor sees them, with what it may do to each now. */
export async function presentChanges(db: Executor, actor: Actor, rows: ChangeRow[], now: Date) {
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
  const out = [];
  for (const r of rows) {
    const org = orgs.get(r.org_id);
    if (!org) continue;
    const open = r.status === 'pending' && (r.expires_at ?? '') > at;
    const requester = people.get(r.requested_by);
    const ref = { orgId: r.org_id, confirmBy: r.confirm_by, requestedBy: r.requested_by };
    out.push({
      id: r.id,
      kind: r.kind,
      status: r.status === 'pending' && !open ? 'expired' : r.status,
      org: presentOrg(org),
      summary: JSON.parse(r.summary) as Record<string, unknown>,
      requestedBy: {
        email: requester?.email ?? '',
        displayName: requester?.displayName ?? '',
        role: requester?.role ?? '',
      },
      requestedAt: r.requested_at,
      expiresAt: r.expires_at,
      confirmBy: r.confirm_by,
      decidedBy: r.decided_by ? (people.get(r.decided_by)?.email ?? null) : null,
      decidedAt: r.decided_at,
      reason: r.reason,
      mayConfirm: open && (await confirmRefusal(db, actor, r, granters)) === null,
      mayReject: open && (actor.userId === r.requested_by || can.confirmChange(actor, ref)),
    });
  }
  return out;
}

/** One change as `actor` sees it; its body always exists (orgs are never deleted while a change names them). */
export async function presentChange(db: Executor, actor: Actor, row: ChangeRow, now: Date) {
  const [item] = await presentChanges(db, actor, [row], now);
  if (!item) throw new Error(`The body of change ${row.id} is missing.`);
  return item;
}
