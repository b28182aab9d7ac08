import type { Tx } from '../../platform/db/database.js';
import { indicatorsRepository } from './indicators.repository.js';

/** Erases the indicators of these (exercise) incidents: the exercise purge, in its transaction. */
export async function purgeIncidentIndicators(
  tx: Tx,
  incidentIds: readonly string[],
): Promise<Record<string, number>> {
  return { incident_indicators: await indicatorsRepository.purge(tx, incidentIds) };
}
