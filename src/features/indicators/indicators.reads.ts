import type { DialectName, Executor } from '../../platform/db/database.js';
import { warningListsOf } from '../warninglists/warninglists.reads.js';
import {
  type IncidentIndicatorPage,
  indicatorsRepository,
  type ReceivedCursor,
} from './indicators.repository.js';

export type { IncidentIndicatorPage, ReceivedCursor };

import type { IndicatorType } from './indicators.types.js';

// What other features may ask of indicators. The caller has already decided that the incident is readable
// (the visibility module): these reads take an incident id and answer for it alone.

export const indicatorsReads = {
  /**
   * A page of an incident's indicators, in report order and each report's order, as presented (with the enabled
   * warning lists each matches): of one type and holding a term (matched in the canonical and the displayed
   * form, case aside) when asked; with how many the filter holds in all and where the next page starts (null
   * after the last).
   */
  async pageOfIncident(db: Executor, incidentId: string, page: IncidentIndicatorPage) {
    const [rows, total] = await Promise.all([
      indicatorsRepository.pageOfIncident(db, incidentId, page),
      indicatorsRepository.countOfIncident(db, incidentId, page),
    ]);
    const shown = rows.slice(0, page.limit);
    const last = shown.at(-1);
    const flags = await warningListsOf(db, shown);
    return {
      items: shown.map((r, n) => ({
        // Written only by recordIndicators, from a checked type.
        type: r.type as IndicatorType,
        value: r.value,
        display: r.display,
        note: r.note,
        reportSeq: r.report_seq,
        warningLists: flags[n] ?? [],
      })),
      total,
      next: rows.length > page.limit && last ? { reportSeq: last.report_seq, position: last.position } : null,
    };
  },
  /**
   * The typed values every report of these incidents carries, with their incident and report: what the guard of
   * sharing compares a share with, besides the reports' text.
   */
  async valuesOfIncidents(db: Executor, incidentIds: readonly string[]) {
    const rows = await indicatorsRepository.valuesOfIncidents(db, incidentIds);
    // Written only by recordIndicators, from a checked type.
    return rows.map((r) => ({
      incidentId: r.incident_id,
      reportSeq: r.report_seq,
      type: r.type as IndicatorType,
      value: r.value,
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
  /**
   * A page of the indicators the body receives as data — of the real, non-TLP:RED incidents it reads (the
   * visibility module decides) — each (incident, type, value) once, in the order they were added for it.
   */
  async receivedBy(
    db: Executor,
    dialect: DialectName,
    readerOrgId: string,
    page: {
      types: readonly IndicatorType[];
      ids?: readonly string[];
      addedAfter?: string;
      after?: ReceivedCursor;
      limit: number;
    },
  ) {
    if (page.types.length === 0) return [];
    const rows = await indicatorsRepository.received(db, dialect, readerOrgId, page);
    return rows.map((r) => ({
      incidentId: r.incident_id,
      reportSeq: r.report_seq,
      position: r.position,
      type: r.type as IndicatorType,
      value: r.value,
      createdAt: r.created_at,
      dateAdded: r.date_added,
      /** Its STIX id in the collection (stored with it). */
      stixId: r.received_id,
      tlp: r.tlp ?? 'TLP:AMBER',
    }));
  },
};
