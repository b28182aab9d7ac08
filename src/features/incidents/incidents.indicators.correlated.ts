import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Unit } from '../../platform/db/transaction.js';
import { correlationReads } from '../correlation/correlation.reads.js';

/**
 * A page of an incident's indicators, each with how many other incidents the actor reads share it (its badge:
 * exact, whatever the number of correlated incidents or shared values), for an actor that reads correlations;
 * the others get the page as it was.
 */
export async function withCorrelatedIncidents<T extends { type: string; value: string }>(
  unit: Unit,
  actor: Actor,
  incidentId: string,
  items: readonly T[],
): Promise<(T & { correlatedIncidents?: number })[]> {
  if (!can.readCorrelations(actor)) return [...items];
  const counts = await correlationReads.incidentsSharing(
    unit.tx,
    unit.dialect,
    actor.orgId,
    incidentId,
    items,
  );
  return items.map((i) => ({ ...i, correlatedIncidents: counts.get(`${i.type}\u0000${i.value}`) ?? 0 }));
}
