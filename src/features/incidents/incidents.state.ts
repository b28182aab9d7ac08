import type { FollowUpInput, QuickReportInput } from './incidents.schemas.js';

/** What the report forms of JPCERT/CC and the ministries carry beyond the impact, as the latest report says it. */
export const DETAIL_FIELDS = [
  'responseStatus',
  'cause',
  'nextSteps',
  'contactPerson',
  'policeReport',
  'ppcReport',
] as const;
type DetailField = (typeof DETAIL_FIELDS)[number];
export type IncidentDetails = { [K in DetailField]?: NonNullable<QuickReportInput[K]> };

/** The fields of an incident that its reports carry; the current state is the fold of all its reports. */
export interface IncidentState {
  status: 'open' | 'final';
  title: string;
  summary: string;
  category: string | null;
  severity: string | null;
  tlp: string;
  impact: Record<string, unknown>;
  affectedSystems: string[];
  details: IncidentDetails;
}

type ReportBody = Partial<Omit<QuickReportInput, 'category' | 'severity' | DetailField>> &
  Partial<Omit<FollowUpInput, 'kind'>>;

/** A field a report may clear: left out it keeps its value, null clears it, anything else replaces it. */
function latest<T>(body: Record<string, unknown>, key: string, before: T): T | null {
  if (!Object.hasOwn(body, key) || body[key] === undefined) return before;
  return body[key] as T | null;
}

const DEFAULT_TLP = 'TLP:AMBER';

/** Applies one report to the state before it. Reports are immutable; this function is the only reader of them. */
export function applyReport(state: IncidentState | null, kind: string, body: ReportBody) {
  const base: IncidentState = state ?? {
    status: 'open',
    title: '',
    summary: '',
    category: null,
    severity: null,
    tlp: DEFAULT_TLP,
    impact: {},
    affectedSystems: [],
    details: {},
  };
  const details: IncidentDetails = { ...base.details };
  for (const key of DETAIL_FIELDS) {
    const value = latest(body, key, base.details[key]);
    if (value === null || value === undefined) delete details[key];
    else Object.assign(details, { [key]: value });
  }
  return {
    status: kind === 'final' ? 'final' : base.status,
    title: body.title ?? base.title,
    summary: body.summary ?? base.summary,
    category: latest(body, 'category', base.category),
    severity: latest(body, 'severity', base.severity),
    tlp: body.tlp ?? base.tlp,
    impact: body.impact ? { ...base.impact, ...body.impact } : base.impact,
    affectedSystems: body.affectedSystems ?? base.affectedSystems,
    details,
  } satisfies IncidentState;
}

/** The incident's columns that hold a state (the structured ones as JSON text). */
export const stateColumns = (state: IncidentState) => ({
  status: state.status,
  title: state.title,
  summary: state.summary,
  category: state.category,
  severity: state.severity,
  tlp: state.tlp,
  impact: JSON.stringify(state.impact),
  affected_systems: JSON.stringify(state.affectedSystems),
  details: JSON.stringify(state.details),
});

/** Text indexed for search: everything a reader can read in the incident. */
export function searchText(reports: { body: ReportBody }[]): string {
  return reports
    .flatMap((r) => [
      r.body.title,
      r.body.summary,
      r.body.text,
      ...(r.body.affectedSystems ?? []),
      r.body.responseStatus,
      r.body.cause,
      r.body.nextSteps,
    ])
    .filter((s): s is string => typeof s === 'string')
    .join('\n');
}
