import type { DialectName, Executor } from '../../platform/db/database.js';
import { correlationRepository } from './correlation.repository.js';

// What other features may ask of correlation. The caller has already decided that the incident is readable (the
// visibility module); what is counted here is only what the body reads on the other side too.

export const correlationReads = {
  /**
   * How many other incidents the body reads share each of these values of the incident (its badges), keyed
   * `type\u0000value`; a value none shares is absent.
   */
  async incidentsSharing(
    db: Executor,
    dialect: DialectName,
    readerOrgId: string,
    incidentId: string,
    values: readonly { type: string; value: string }[],
  ): Promise<Map<string, number>> {
    const rows = await correlationRepository.incidentsSharing(
      db,
      dialect,
      readerOrgId,
      incidentId,
      values.map((v) => v.value),
    );
    return new Map(rows.map((r) => [`${r.type}\u0000${r.value}`, Number(r.n)]));
  },
};
