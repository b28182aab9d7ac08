import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Unit } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { newId, uuidV5 } from '../../platform/ids.js';
import { addFollowUp } from '../incidents/incidents.filing.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import type { IncidentDeps } from '../incidents/incidents.usecases.js';
import { isRecord, own } from '../sharing/sharing.import.reading.js';
import { readStixBundle } from '../sharing/sharing.import.stix.js';
import { STIX_ID_NAMESPACE } from '../sharing/sharing.stix.js';
import { type Tlp, tlpRank } from '../sharing/sharing.terms.js';
import { type StatusRow, taxiiInboxRepository } from './taxii.inbox.repository.js';

// The TAXII 2.1 inbox (issue 14 point 8): a body's reporters post STIX objects, and what they carry becomes the
// body's own report data. Each object names the incident it belongs to — by its own `x_renraku_incident`, or by
// a `report` object whose `external_references` hold {source_name: "renraku", external_id: <incident number>}
// and whose `object_refs` list it — an incident the poster's body reported (a real one, not an exercise's). The
// objects of one incident are read as the body's STIX import reads a bundle (readStixBundle: the same checks,
// the same canonical forms) and added to it as one update (続報) through addFollowUp, the one path by which
// reports gain indicators: same audit, live events, notifications and correlation. Processing is synchronous:
// the status is complete when the POST answers. An object version (id, modified) the body posted before is a
// success again and writes nothing.

/** The source name of the external reference that names a Renraku incident. */
export const RENRAKU_SOURCE = 'renraku';

/** The body's inbox collection: its id is the same for all its people and differs from every other body's. */
export const inboxIdOf = (orgId: string) => uuidV5(JSON.stringify(['taxii-inbox', orgId]), STIX_ID_NAMESPACE);

/** Whether the caller has an inbox at all: the people who file reports for their body (a rule, not a role test). */
export const hasInbox = (actor: Actor) => can.postTaxiiInbox(actor);

export const inboxErrors = {
  tooManyObjects: (max: number) =>
    new AppError(413, 'taxii.too_many_objects', `A post holds at most ${max} objects; nothing was taken.`),
  notAnEnvelope: () =>
    new AppError(
      400,
      'taxii.invalid_envelope',
      'The body is neither a TAXII envelope ({"objects": [...]}) nor a STIX bundle; nothing was taken.',
    ),
  statusNotFound: () => new AppError(404, 'taxii.status_not_found', 'No such status.'),
};

/** The types the inbox takes: what a body's report carries, and what gives it context (markings, identities). */
const TAKEN = new Set([
  'indicator',
  'report',
  'vulnerability',
  'file',
  'marking-definition',
  'identity',
  'ipv4-addr',
  'ipv6-addr',
  'domain-name',
  'url',
  'email-addr',
]);
/** Context that may name no incident: accepted, nothing written of it. */
const CONTEXT = new Set(['marking-definition', 'identity']);
const BUNDLE_ID = 'bundle--5b1c3e9a-6f0d-4c7e-8a2b-1d4f6e8c0a93';
const NUMBER = /^\d{4}-\d{6}$/;

export interface StatusDetail {
  id: string;
  version: string;
  message?: string;
}

/** A TAXII 2.1 status resource (§4.3.1). */
export interface TaxiiStatus {
  id: string;
  status: 'complete' | 'pending';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  successes: StatusDetail[];
  failure_count: number;
  failures: StatusDetail[];
  pending_count: number;
  pendings: StatusDetail[];
}

type StixObject = Record<string, unknown> & { id: string; type: string };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
/** The version the body's post is known by (idempotence), and the one a status reports. */
const keyVersion = (o: Record<string, unknown>) => str(own(o, 'modified')) ?? str(own(o, 'created')) ?? '';

/** The incident number a report object names through its external references, if any. */
function reportNames(o: StixObject): string | undefined {
  const refs = own(o, 'external_references');
  if (!Array.isArray(refs)) return undefined;
  const ref = refs.find((r) => isRecord(r) && own(r, 'source_name') === RENRAKU_SOURCE);
  return ref ? str(own(ref as Record<string, unknown>, 'external_id')) : undefined;
}

/** A number as people may type it (full-width digits, the deployment's prefix) in its stored form, or null. */
function storedNumber(text: string, prefix: string): string | null {
  let n = text.normalize('NFKC').trim();
  if (prefix && n.toUpperCase().startsWith(prefix.toUpperCase())) n = n.slice(prefix.length);
  return NUMBER.test(n) ? n : null;
}

/** Why one object alone is not valid STIX as this import reads it, or null when it is. */
function invalidity(o: unknown): string | null {
  try {
    readStixBundle({ type: 'bundle', id: BUNDLE_ID, objects: [o] });
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const offenders = (e.detail as { offenders?: { reason: string }[] } | undefined)?.offenders;
    return `not valid STIX 2.1: ${offenders?.[0]?.reason ?? e.message}`;
  }
}

/** Takes the objects of one POST into the poster's body's incidents; returns its (complete) status. */
export async function postToInbox(args: {
  unit: Unit;
  actor: Actor;
  objects: readonly unknown[];
  deps: IncidentDeps;
}): Promise<TaxiiStatus> {
  const { unit, actor, objects, deps } = args;
  const now = deps.clock.now();
  const at = now.toISOString();
  const statusId = newId();
  const successes: StatusDetail[] = [];
  const failures: StatusDetail[] = [];
  const fail = (o: unknown, index: number, message: string) => {
    const rec = isRecord(o) ? o : {};
    failures.push({
      id: str(own(rec, 'id'))?.slice(0, 300) ?? `objects[${index}]`,
      version: keyVersion(rec) || at,
      message,
    });
  };
  const succeed = (o: StixObject, message?: string) =>
    successes.push({ id: o.id, version: keyVersion(o) || at, ...(message ? { message } : {}) });

  // 1. Each object checked alone; the valid ones of a type the inbox takes go on.
  const valid: StixObject[] = [];
  for (const [index, o] of objects.entries()) {
    const why = invalidity(o);
    const object = o as StixObject;
    if (why !== null) fail(o, index, why);
    else if (!TAKEN.has(object.type))
      fail(o, index, `objects of type ${object.type} are not taken by the inbox`);
    else valid.push(object);
  }

  // 2. The incident each object names: its own x_renraku_incident, else a report's that lists it.
  const named = new Map<string, string | null>();
  for (const r of valid.filter((o) => o.type === 'report')) {
    const number = reportNames(r);
    if (number === undefined) continue;
    const refs = own(r, 'object_refs') as string[];
    for (const id of [r.id, ...refs])
      named.set(id, named.has(id) && named.get(id) !== number ? null : number);
  }
  const numberOf = (o: StixObject) => str(own(o, 'x_renraku_incident')) ?? named.get(o.id);

  const markings = valid.filter((o) => o.type === 'marking-definition');
  const groups = new Map<string, StixObject[]>();
  const incidentOfNumber = new Map<string, string | undefined>();
  for (const [index, o] of valid.entries()) {
    const number = numberOf(o);
    if (number === undefined || number === null) {
      if (CONTEXT.has(o.type)) succeed(o);
      else
        fail(
          o,
          index,
          number === null
            ? 'reports naming different incidents list this object'
            : `names no incident (x_renraku_incident, or a report with an external reference of source_name "${RENRAKU_SOURCE}")`,
        );
      continue;
    }
    const stored = storedNumber(number, deps.incidentNumberPrefix);
    if (stored !== null && !incidentOfNumber.has(stored))
      incidentOfNumber.set(stored, await incidentsReads.ownIdByNumber(unit.tx, actor.orgId, stored));
    const incidentId = stored === null ? undefined : incidentOfNumber.get(stored);
    // Another body's incident, an exercise's, a mistyped number: all the same answer as one that does not exist.
    if (incidentId === undefined) {
      fail(o, index, `incident ${number.slice(0, 40)} not found`);
      continue;
    }
    groups.set(incidentId, [...(groups.get(incidentId) ?? []), o]);
  }

  // 3. Each incident's objects, in a fixed order of incidents (concurrent posts lock them in the same order).
  const taken: { object_id: string; version: string; incident_id: string }[] = [];
  for (const incidentId of [...groups.keys()].sort()) {
    const group = groups.get(incidentId) as StixObject[];
    await incidentsReads.lockForUpdate(unit, incidentId);
    const before = await taxiiInboxRepository.taken(
      unit.tx,
      actor.orgId,
      group.map((o) => o.id),
    );
    const fresh: StixObject[] = [];
    for (const o of group) {
      if (before.has(`${o.id}\u0000${keyVersion(o)}`)) succeed(o, 'received before; nothing added');
      else fresh.push(o);
    }
    if (fresh.length === 0) continue;
    const outcome = await addToIncident({
      unit,
      actor,
      incidentId,
      objects: fresh,
      markings,
      statusId,
      deps,
    });
    for (const o of fresh) {
      const why = outcome.failed.get(o.id);
      if (why) failures.push({ id: o.id, version: keyVersion(o) || at, message: why });
      else {
        succeed(o);
        taken.push({ object_id: o.id, version: keyVersion(o), incident_id: incidentId });
      }
    }
  }
  await taxiiInboxRepository.take(
    unit.tx,
    taken.map((t) => ({ ...t, org_id: actor.orgId, status_id: statusId, taken_at: at })),
  );
  const row: StatusRow = {
    id: statusId,
    org_id: actor.orgId,
    posted_by: actor.userId,
    request_timestamp: at,
    total_count: objects.length,
    success_count: successes.length,
    failure_count: failures.length,
    pending_count: 0,
    successes: JSON.stringify(successes),
    failures: JSON.stringify(failures),
  };
  await taxiiInboxRepository.insertStatus(unit.tx, row);
  return statusOfRow(row);
}

/**
 * Adds what these objects carry to the incident as one update (nothing for objects that carry no indicator).
 * Returns the objects that failed and why: those the reading did not take, or all when the incident takes no
 * more reports (its final report was filed).
 */
async function addToIncident(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  objects: StixObject[];
  markings: StixObject[];
  statusId: string;
  deps: IncidentDeps;
}): Promise<{ failed: Map<string, string> }> {
  const { unit, actor, incidentId, objects, deps } = args;
  const failed = new Map<string, string>();
  // Reports only name the incident here; the reading would take the first one's text as a title.
  const read = objects.filter((o) => o.type !== 'report');
  const ids = new Set(read.map((o) => o.id));
  const reading = readStixBundle({ type: 'bundle', id: BUNDLE_ID, objects: [...read, ...args.markings] });
  for (const n of reading.notImported)
    if (ids.has(n.id))
      failed.set(n.id, [failed.get(n.id), `${n.code}: ${n.reason}`].filter(Boolean).join('; '));
  const indicators = reading.indicators.filter((i) => !failed.has(i.from));
  if (indicators.length === 0) return { failed };
  const subject = await incidentsReads.subjectOf(unit.tx, incidentId);
  // A marking stricter than the incident's TLP raises it: what the body marked is never read more widely.
  const raise =
    reading.tlp && subject && tlpRank(reading.tlp) > tlpRank(subject.tlp as Tlp) ? { tlp: reading.tlp } : {};
  try {
    await addFollowUp({
      unit,
      actor,
      incidentId,
      input: {
        kind: 'update',
        text: `TAXII 2.1 の受付で指標 ${indicators.length} 件を受け取りました / ${indicators.length} indicator(s) received through the TAXII 2.1 inbox (status ${args.statusId})`,
        indicators: indicators.map((i) => ({ type: i.type, value: i.value })),
        ...raise,
      },
      deps,
    });
  } catch (e) {
    // addFollowUp refuses before it writes anything (a final incident, a value its check refuses).
    if (!(e instanceof AppError) || e.status >= 500) throw e;
    for (const o of objects) if (!failed.has(o.id)) failed.set(o.id, `${e.code}: ${e.message}`);
  }
  return { failed };
}

/** The status resource of a stored row. */
function statusOfRow(row: StatusRow): TaxiiStatus {
  return {
    id: row.id,
    status: row.pending_count > 0 ? 'pending' : 'complete',
    request_timestamp: row.request_timestamp,
    total_count: row.total_count,
    success_count: row.success_count,
    successes: JSON.parse(row.successes) as StatusDetail[],
    failure_count: row.failure_count,
    failures: JSON.parse(row.failures) as StatusDetail[],
    pending_count: row.pending_count,
    pendings: [],
  };
}

/** A status the caller's body posted; any other id answers as one that does not exist. */
export async function statusFor(unit: Unit, actor: Actor, id: string): Promise<TaxiiStatus> {
  if (!hasInbox(actor)) throw inboxErrors.statusNotFound();
  const row = await taxiiInboxRepository.statusOf(unit.tx, actor.orgId, id);
  if (!row) throw inboxErrors.statusNotFound();
  return statusOfRow(row);
}
