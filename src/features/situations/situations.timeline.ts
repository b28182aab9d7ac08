import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Executor } from '../../platform/db/database.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import { requestsRepository } from './requests.repository.js';
import type { SituationDeps } from './situations.deps.js';
import { type EntryRow, situationsRepository } from './situations.repository.js';
import { situationFor } from './situations.usecases.js';
import { type BodyRef, bodyRef, readableIncidents } from './situations.view.js';

// The situation's timeline (時系列) as one caller may see it: entries about the whole situation to everyone who
// sees it; a body's answers (and the incidents it linked) as its answers are seen — the body, its ministry, the
// center; a linked incident only to a caller whose body reads it.

export interface EntryView {
  row: EntryRow;
  actorName: string | null;
  org: BodyRef | null;
  data: Record<string, unknown>;
}

/** These entries of a situation, those the actor may see, with names and the incidents it reads. */
export async function entryViews(
  db: Executor,
  actor: Actor,
  situationId: string,
  entries: EntryRow[],
  deps: Pick<SituationDeps, 'incidentNumberPrefix'>,
): Promise<EntryView[]> {
  const bodies = new Map(
    (await situationsRepository.bodiesOf(db, situationId)).map((b) => [b.org_id, b.parent_id]),
  );
  // A request's entries about the whole request only to those who see the request (requests.repository.ts).
  const requests = entries.some((e) => e.kind.startsWith('request_'))
    ? new Set((await requestsRepository.visible(db, actor, situationId)).map((r) => r.id))
    : new Set<string>();
  const about = entries.filter((e) => {
    if (e.org_id === null && e.kind.startsWith('request_'))
      return requests.has((JSON.parse(e.data) as { requestId?: string }).requestId ?? '');
    if (e.org_id === null) return true;
    return (
      bodies.has(e.org_id) &&
      can.readRollCallAnswers(actor, { orgId: e.org_id, parentId: bodies.get(e.org_id) ?? null })
    );
  });
  const parsed = about.map((row) => ({ row, data: JSON.parse(row.data) as Record<string, unknown> }));
  const incidentOf = (d: Record<string, unknown>) => (typeof d.incidentId === 'string' ? d.incidentId : null);
  const incidents = await readableIncidents(
    db,
    actor.orgId,
    parsed.flatMap(({ data }) => incidentOf(data) ?? []),
    deps.incidentNumberPrefix,
  );
  const seen = parsed.filter(({ row, data }) => {
    const incidentId = incidentOf(data);
    return row.kind !== 'incident_linked' || (incidentId !== null && incidents.has(incidentId));
  });
  const people = await usersReads.byIds(db, [...new Set(seen.flatMap(({ row }) => row.actor_id ?? []))]);
  const orgs = await orgsDirectory.byIds(
    db,
    seen.flatMap(({ row }) => row.org_id ?? []),
  );
  return seen.map(({ row, data }) => {
    const incidentId = incidentOf(data);
    return {
      row,
      actorName: row.actor_id ? (people.get(row.actor_id)?.displayName ?? null) : null,
      org: row.org_id ? bodyRef(orgs, row.org_id) : null,
      data: incidentId === null ? data : { ...data, incident: incidents.get(incidentId) ?? null },
    };
  });
}

/** The timeline of a situation the actor sees, oldest first. */
export async function readTimeline(
  db: Executor,
  actor: Actor,
  id: string,
  deps: SituationDeps,
): Promise<EntryView[]> {
  const situation = await situationFor(db, actor, id);
  return entryViews(db, actor, situation.id, await situationsRepository.entries(db, situation.id), deps);
}
