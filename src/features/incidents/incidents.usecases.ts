import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { freeText } from '../../platform/text.js';
import type { CorrelationOptions } from '../correlation/correlation.engine.js';
import { indicatorsReads } from '../indicators/indicators.reads.js';
import type { CheckedIndicator } from '../indicators/indicators.record.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { incidentErrors } from './incidents.errors.js';
import { withCorrelatedIncidents } from './incidents.indicators.correlated.js';
import { indicatorCursor } from './incidents.indicators.cursor.js';
import type { IncidentContext } from './incidents.presenter.js';
import { type IncidentRow, incidentsRepository } from './incidents.repository.js';
import { type RoutingDeps, releaseToCenter } from './incidents.routing.js';
import { DETAIL_INDICATORS, FORWARD_NOTE_MAX } from './incidents.schemas.js';
import { type SendBackRow, sendBackIncident, sendBacks } from './incidents.sendback.js';
import type { TaxonomyProfile } from './taxonomy.js';

export interface IncidentDeps extends RoutingDeps {
  /** The categories profile reporters are offered. */
  taxonomy: TaxonomyProfile;
  /** The category codes a report may give (the profile's and RSIT's). */
  categories: Set<string>;
  /** Put before every incident number (`NISC-` gives NISC-2026-000123); may be empty. */
  incidentNumberPrefix: string;
  /** Zone of the fiscal year that numbers incidents (RENRAKU_TIME_ZONE). */
  timeZone: string;
  reportingTargetMinutes: number;
  clockSkewSeconds: number;
  /** The guard of sharing's index of reports, told of each report filed; it indexes it after the commit. */
  reportIndex: {
    filed(unit: Unit): void;
    firstReport(
      unit: Unit,
      report: { incidentId: string; body: string; values: readonly CheckedIndicator[] },
    ): void;
  };
  /** How reports are correlated as they are filed (the warning-list check that leaves values out). */
  correlation?: CorrelationOptions;
}

/** The incident if the actor may read it; otherwise it does not exist. */
export async function readableIncident(db: Executor, actor: Actor, id: string): Promise<IncidentRow> {
  if (!can.readIncidents(actor)) throw incidentErrors.notFound();
  const incident = await incidentsRepository.visibleById(db, actor.orgId, id);
  if (!incident) throw incidentErrors.notFound();
  return incident;
}

/** Reads one incident with its reports and deliveries; the read is audited. */
export async function readIncident(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  deps: IncidentDeps;
}) {
  const { unit, actor, deps } = args;
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  const [reports, deliveries, requests, org, indicators] = await Promise.all([
    incidentsRepository.reports(unit.tx, incident.id),
    incidentsRepository.deliveries(unit.tx, incident.id),
    sendBacks.of(unit.tx, incident.id),
    orgsDirectory.byId(unit.tx, incident.org_id),
    indicatorsReads.pageOfIncident(unit.tx, incident.id, { limit: DETAIL_INDICATORS }),
  ]);
  const showNote = can.readForwardNote(actor, { parentId: org?.parent_id ?? null });
  await deps.audit.append(unit, audited(actor, 'incident.read', 'incident', incident.id), deps.clock.now());
  return {
    incident,
    reports,
    deliveries: deliveries.map((d) => ({ ...d, note: showNote ? (d.note ?? null) : null })),
    sendBacks: requests,
    indicators: await withCorrelatedIncidents(unit, actor, incident.id, indicators.items),
    indicatorsTotal: indicators.total,
    indicatorsNextCursor: indicators.next ? indicatorCursor(indicators.next) : null,
  };
}

/** The supervising ministry releases an agency incident it was reviewing to the center. */
export async function forwardIncident(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  note?: string | undefined;
  deps: IncidentDeps;
}): Promise<IncidentRow> {
  const { unit, actor, deps } = args;
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  const org = await orgsDirectory.byId(unit.tx, incident.org_id);
  // Only agency reports are reviewed; a ministry's parent is the center, which reviews nothing.
  if (org?.kind !== 'agency' || !org.parent_id || !can.forward(actor, { orgId: org.parent_id }))
    throw commonErrors.forbidden('Only the supervising ministry forwards this incident.');
  const note = args.note === undefined ? undefined : freeText(args.note, 'note', FORWARD_NOTE_MAX);
  const released = await releaseToCenter({ unit, incidentId: incident.id, actor, note, deps });
  if (!released) throw incidentErrors.nothingToForward();
  return (await incidentsRepository.visibleById(unit.tx, actor.orgId, incident.id)) as IncidentRow;
}

/** The supervising ministry sends an agency incident it reviews back to the agency, asking for more. */
export async function sendBack(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  message: string;
  deps: IncidentDeps;
}): Promise<{ incident: IncidentRow; request: SendBackRow }> {
  const { unit, actor, deps } = args;
  // One request at a time per incident: concurrent ones wait for each other, the second finds the first.
  await incidentsRepository.lockForUpdate(unit, args.incidentId);
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  const request = await sendBackIncident({ unit, actor, incident, message: args.message, deps });
  return { incident, request };
}

/** The bodies and review deadlines needed to present incidents the caller has been given. */
export async function incidentContext(db: Executor, rows: IncidentRow[]): Promise<IncidentContext> {
  const ids = rows.map((r) => r.id);
  const [orgs, reviewDue, sentBack] = await Promise.all([
    orgsDirectory.byIds(
      db,
      rows.map((r) => r.org_id),
    ),
    incidentsRepository.reviewDue(db, ids),
    sendBacks.open(db, ids),
  ]);
  return { orgs, reviewDue, sentBack };
}
