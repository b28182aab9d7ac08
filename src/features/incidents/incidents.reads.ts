import { type IncidentFilter, incidentsRepository } from './incidents.repository.js';

// What other features may ask of incidents, without reaching into the incidents feature's repository.

export type { IncidentFilter };

type Repository = typeof incidentsRepository;

export const incidentsReads = {
  /** The incidents a reader may see under a filter, as a query to select and group from (the dashboard). */
  visibleQuery: (...args: Parameters<Repository['visibleQuery']>) =>
    incidentsRepository.visibleQuery(...args),
  /** Of these incidents, those a body reads, with their title, summary, TLP, body and report time. */
  readableByIds: (...args: Parameters<Repository['readableByIds']>) =>
    incidentsRepository.readableByIds(...args),
  /** These incidents (whoever reads them), with their title, summary, TLP, body and report time. */
  summariesByIds: (...args: Parameters<Repository['summariesByIds']>) =>
    incidentsRepository.summariesByIds(...args),
  /** An incident's body, exercise, TLP, title, summary and severity: what a notification about it says. */
  subjectOf: (...args: Parameters<Repository['subjectOf']>) => incidentsRepository.subjectOf(...args),
  /** `subjectOf` for several incidents in one read (a page of notifications). */
  subjectsOf: (...args: Parameters<Repository['subjectsByIds']>) =>
    incidentsRepository.subjectsByIds(...args),
  /** The stored bodies of these incidents' reports, by incident and in order (sharing's index of reports). */
  reportBodies: (...args: Parameters<Repository['reportBodies']>) =>
    incidentsRepository.reportBodies(...args),
  /** The text of each incident's reports, for comparing what is shared with what was reported. */
  reportTexts: (...args: Parameters<Repository['reportTexts']>) => incidentsRepository.reportTexts(...args),
  /** When the incident was detected, and its reports' kinds and times in order (deadline clocks). */
  timeline: (...args: Parameters<Repository['timeline']>) => incidentsRepository.timeline(...args),
  /** The id of one of a body's own real incidents by its number (as stored, without prefix), or undefined. */
  ownIdByNumber: (...args: Parameters<Repository['ownIdByNumber']>) =>
    incidentsRepository.ownIdByNumber(...args),
  /** Holds the incident's row until the transaction ends (PostgreSQL): changes hanging off it take turns. */
  lockForUpdate: (...args: Parameters<Repository['lockForUpdate']>) =>
    incidentsRepository.lockForUpdate(...args),
};
