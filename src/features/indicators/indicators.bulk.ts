import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { incidentErrors } from '../incidents/incidents.errors.js';
import { addFollowUp } from '../incidents/incidents.filing.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { type IncidentDeps, readableIncident } from '../incidents/incidents.usecases.js';
import type { NotImported, Reading } from '../sharing/sharing.import.reading.js';
import { type Tlp, tlpRank } from '../sharing/sharing.terms.js';
import { indicatorsRepository } from './indicators.repository.js';

// The bulk import of a STIX bundle into an incident (issue 14, T2): a body that holds many indicators of one
// attack (a botnet's addresses, a phishing campaign's URLs) adds them to its incident as one update (続報),
// through addFollowUp — the one path by which reports gain indicators: same audit, live events, notifications and
// correlation (set-based: the statements of one report, whatever its size). The bundle is read before the
// transaction (readStixBundle: an invalid object refuses it whole, naming every offender); values the incident
// carries already are left out, so that the same bundle imported again adds nothing.

/** The most parts not imported that an answer lists (the rest are counted). */
export const NOT_IMPORTED_LISTED = 100;

export interface BulkImportOutcome {
  /** False when every value was carried by the incident already: no report was added. */
  created: boolean;
  reportSeq: number | null;
  /** Indicators read from the bundle (once per canonical value). */
  read: number;
  added: number;
  /** Read, but carried by the incident already. */
  already: number;
  /** The incident's TLP after the import, when a marking of the bundle raised it. */
  tlpRaisedTo: Tlp | null;
  notImported: NotImported[];
  notImportedCount: number;
}

/** The incident, if the actor may add an update to it now: 404, 403 and 409 as adding a report answers. */
export async function importableIncident(db: Executor, actor: Actor, incidentId: string) {
  if (!can.importIndicators(actor))
    throw commonErrors.forbidden(
      'Only reporters and security officers import indicators into their incidents.',
    );
  const incident = await readableIncident(db, actor, incidentId);
  if (!can.addReport(actor, { orgId: incident.org_id }))
    throw commonErrors.forbidden('Only the reporting body adds reports.');
  if (incident.status === 'final') throw incidentErrors.alreadyFinal();
  return incident;
}

/** Adds the bundle's indicators that the incident does not carry yet as one update of it. */
export async function importBundleIntoIncident(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  reading: Reading & { sourceId: string };
  deps: IncidentDeps;
}): Promise<BulkImportOutcome> {
  const { unit, actor, reading, deps } = args;
  // Concurrent imports and reports of one incident take turns; the checks are made again under the lock.
  await incidentsReads.lockForUpdate(unit, args.incidentId);
  const incident = await importableIncident(unit.tx, actor, args.incidentId);
  const carried = await indicatorsRepository.valuesOf(unit.tx, incident.id);
  const fresh = reading.indicators.filter((i) => !carried.has(`${i.type}\u0000${i.value}`));
  const raise = reading.tlp && tlpRank(reading.tlp) > tlpRank(incident.tlp as Tlp) ? reading.tlp : null;
  const outcome = {
    read: reading.indicators.length,
    added: fresh.length,
    already: reading.indicators.length - fresh.length,
    notImported: reading.notImported.slice(0, NOT_IMPORTED_LISTED),
    notImportedCount: reading.notImported.length,
  };
  if (fresh.length === 0) return { ...outcome, created: false, reportSeq: null, tlpRaisedTo: null };
  const n = fresh.length;
  const updated = await addFollowUp({
    unit,
    actor,
    incidentId: incident.id,
    input: {
      kind: 'update',
      text: `STIX バンドル ${reading.sourceId} から指標 ${n} 件を取り込みました / ${n} indicator(s) imported from STIX bundle ${reading.sourceId}`,
      // A marking stricter than the incident's TLP raises it: what the body marked is never read more widely.
      ...(raise ? { tlp: raise } : {}),
    },
    checked: fresh.map((i) => ({ type: i.type, value: i.value, display: i.display, note: null })),
    uncarried: true,
    deps,
  });
  return { ...outcome, created: true, reportSeq: updated.report_count, tlpRaisedTo: raise };
}
