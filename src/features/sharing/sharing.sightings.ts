import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { freeText } from '../../platform/text.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { SharingDeps } from './sharing.deps.js';
import { shareErrors } from './sharing.errors.js';
import { contentOf, type ShareRow, sharesRepository } from './sharing.repository.js';
import { type SightingRow, sightingsRepository } from './sharing.sightings.repository.js';
import { receives, viewOf } from './sharing.visibility.js';

// Sightings (issue 14, point 5; a STIX Sighting): a body that received a share says it saw one of its
// indicators. It is the body's own information: the body reads its own, the share's publisher (the center)
// reads how many bodies saw each indicator and when, and no other recipient learns anything of it.

/** The longest note of a sighting. */
export const SIGHTING_NOTE_MAX = 500;

/** What a body says it saw. */
export interface SightingInput {
  type: string;
  value: string;
  seenAt: string;
  count: number;
  note?: string | undefined;
}

/** The share if the actor's body receives it now; otherwise it does not exist for the actor. */
async function receivedShare(unit: Unit, actor: Actor, id: string): Promise<ShareRow> {
  const share = await sharesRepository.byId(unit.tx, id);
  if (!share || !can.readIncidents(actor) || !(await receives(unit.tx, actor, share)))
    throw shareErrors.notFound();
  return share;
}

/** A recipient body's reporter or security officer reports a sighting of one of the share's indicators. */
export async function reportSighting(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  input: SightingInput;
  deps: SharingDeps;
}): Promise<SightingRow> {
  const { unit, actor, id, input, deps } = args;
  const share = await receivedShare(unit, actor, id);
  if (!can.reportSightings(actor))
    throw commonErrors.forbidden("Only the body's reporters and security officers report sightings.");
  const indicator = contentOf(share).indicators.find((i) => i.type === input.type && i.value === input.value);
  if (!indicator)
    throw commonErrors.unprocessable(
      'sightings.not_in_share',
      'The share holds no such indicator: give its type and value as the share shows them.',
    );
  const now = deps.clock.now();
  const seen = new Date(input.seenAt);
  if (Number.isNaN(seen.getTime()))
    throw commonErrors.unprocessable('sightings.invalid_time', 'seenAt is not a date and time.');
  if (seen.getTime() > now.getTime() + 60_000)
    throw commonErrors.unprocessable('sightings.in_future', 'A sighting cannot be seen after now.');
  const note =
    input.note === undefined || input.note.trim() === ''
      ? null
      : freeText(input.note, 'note', SIGHTING_NOTE_MAX);
  const row: SightingRow = {
    id: newId(),
    share_id: share.id,
    org_id: actor.orgId,
    type: indicator.type,
    value: indicator.value,
    seen_at: seen.toISOString(),
    count: input.count,
    note,
    created_by: actor.userId,
    created_at: now.toISOString(),
  };
  await sightingsRepository.insert(unit.tx, row);
  await deps.audit.append(
    unit,
    audited(actor, 'share.sight', 'share', share.id, {
      sighting: row.id,
      type: row.type,
      value: row.value,
      count: row.count,
    }),
    now,
  );
  // The publisher alone hears of it (its count moves); no other body, not even one that consented.
  const center = await orgsDirectory.center(unit.tx);
  await deps.events.record(
    unit,
    {
      type: 'share.sighted',
      incidentId: null,
      readerOrgIds: center ? [center.id] : [],
      payload: { shareId: share.id },
    },
    now,
  );
  return row;
}

/**
 * A share's sightings as the actor may see them: its own body's (a recipient), and, for the center that manages
 * the share, per indicator how many bodies saw it, how often, first and last. Anyone else: the share does not
 * exist. The read is audited.
 */
export async function readSightings(args: { unit: Unit; actor: Actor; id: string; deps: SharingDeps }) {
  const { unit, actor, id, deps } = args;
  const share = await sharesRepository.byId(unit.tx, id);
  if (!share) throw shareErrors.notFound();
  const publisher = can.readAllShares(actor) && (await viewOf(unit.tx, actor, share)) === 'manage';
  const recipient = can.readIncidents(actor) && (await receives(unit.tx, actor, share));
  if (!publisher && !recipient) throw shareErrors.notFound();
  const own = recipient ? await sightingsRepository.ofBody(unit.tx, share.id, actor.orgId) : [];
  const rows = publisher ? await sightingsRepository.summary(unit.tx, share.id) : null;
  await deps.audit.append(
    unit,
    audited(actor, 'share.sightings', 'share', share.id, { summary: publisher }),
    deps.clock.now(),
  );
  const indicators = contentOf(share).indicators;
  const summary =
    rows === null
      ? null
      : indicators.map((i) => {
          const r = rows.find((x) => x.type === i.type && x.value === i.value);
          return {
            type: i.type,
            value: i.value,
            bodies: Number(r?.bodies ?? 0),
            count: Number(r?.total ?? 0),
            firstSeenAt: r?.first_seen ?? null,
            lastSeenAt: r?.last_seen ?? null,
            firstReportedAt: r?.first_reported ?? null,
            lastReportedAt: r?.last_reported ?? null,
          };
        });
  return { own, summary, publisherOrgId: publisher ? actor.orgId : null };
}
