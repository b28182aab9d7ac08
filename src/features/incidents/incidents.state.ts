import type { FollowUpInput, QuickReportInput } from './incidents.schemas.js';

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
}

const DEFAULT_TLP = 'TLP:AMBER';

/** Applies one report to the state before it. Reports are immutable; this function is the only reader of them. */
export function applyReport(
  state: IncidentState | null,
  kind: string,
  body: Partial<FollowUpInput & QuickReportInput>,
) {
  const base: IncidentState = state ?? {
    status: 'open',
    title: '',
    summary: '',
    category: null,
    severity: null,
    tlp: DEFAULT_TLP,
    impact: {},
    affectedSystems: [],
  };
  return {
    status: kind === 'final' ? 'final' : base.status,
    title: body.title ?? base.title,
    summary: body.summary ?? base.summary,
    category: body.category ?? base.category,
    severity: body.severity ?? base.severity,
    tlp: body.tlp ?? base.tlp,
    impact: body.impact ? { ...base.impact, ...body.impact } : base.impact,
    affectedSystems: body.affectedSystems ?? base.affectedSystems,
  } satisfies IncidentState;
}

/** Text indexed for search: everything a reader can read in the incident. */
export function searchText(reports: { body: Partial<FollowUpInput & QuickReportInput> }[]): string {
  return reports
    .flatMap((r) => [r.body.title, r.body.summary, r.body.text, ...(r.body.affectedSystems ?? [])])
    .filter((s): s is string => typeof s === 'string')
    .join('\n');
}
