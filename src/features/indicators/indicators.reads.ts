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
  /**
   * The next `limit` incidents (by id, after `afterId`) that carry indicators: each with its reporting body, its
   * first report's time and its values (each once), for correlating incidents filed before correlation was.
   */
  async incidentsAfter(db: Executor, afterId: string, limit: number) {
    const rows = await indicatorsRepository.incidentsAfter(db, afterId, limit);
    const byIncident = new Map<
      string,
      {
        incidentId: string;
        orgId: string;
        at: string;
        values: Map<string, { type: IndicatorType; value: string; display: string }>;
      }
    >();
    for (const r of rows) {
      let entry = byIncident.get(r.incident_id);
      if (!entry) {
        entry = { incidentId: r.incident_id, orgId: r.org_id, at: r.created_at, values: new Map() };
        byIncident.set(r.incident_id, entry);
      }
      const key = `${r.type}\u0000${r.value}`;
      if (!entry.values.has(key))
        entry.values.set(key, { type: r.type as IndicatorType, value: r.value, display: r.display });
    }
    return [...byIncident.values()].map((e) => ({ ...e, values: [...e.values.values()] }));
  },
};
