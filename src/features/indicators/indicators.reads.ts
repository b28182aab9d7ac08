import type { Executor } from '../../platform/db/database.js';
import { indicatorsRepository } from './indicators.repository.js';
import type { IndicatorType } from './indicators.types.js';

// What other features may ask of indicators. The caller has already decided that the incident is readable
// (the visibility module): these reads take an incident id and answer for it alone.

export const indicatorsReads = {
  /** An incident's indicators, in report order and each report's order, as presented. */
  async ofIncident(db: Executor, incidentId: string) {
    const rows = await indicatorsRepository.ofIncident(db, incidentId);
    return rows.map((r) => ({
      // Written only by recordIndicators, from a checked type.
      type: r.type as IndicatorType,
      value: r.value,
      display: r.display,
      note: r.note,
      reportSeq: r.report_seq,
    }));
  },
};
