import type { Tx } from '../../platform/db/database.js';
import { correlationRepository } from './correlation.repository.js';

/** Erases the correlation rows of these (exercise) incidents: the exercise purge, in its transaction. */
export const purgeIncidentCorrelations = (tx: Tx, incidentIds: readonly string[]) =>
  correlationRepository.purge(tx, incidentIds);
