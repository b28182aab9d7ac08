import type { AuditFilter } from './admin.api.js';

// The audit log's filters as the screen keeps them in the address (dates as the date inputs write them) and as
// the API wants them (instants, in the viewer's time zone: "from 1 April" means from local midnight).

// Every category of action and every subject type the server writes (src/platform/audit/actions.ts; the
// audit-labels test holds these lists and the labels of admin.messages.ts against it).
export const ACTION_PREFIXES = [
  'annual.',
  'incident.',
  'attachment.',
  'share.',
  'consent.',
  'standing_consent.',
  'contact.',
  'contact_campaign.',
  'communication_check.',
  'situation.',
  'rollcall.',
  'exercise.',
  'notification.',
  'accountability.',
  'notice.',
  'policy_clause.',
  'policy_request.',
  'notification_rules.',
  'change.',
  'user.',
  'session.',
  'mfa.',
  'sso.',
  'token.',
  'org.',
  'webhook_secret.',
  'warninglist.',
  'deadline_profile.',
  'audit.',
] as const;
export const SUBJECT_TYPES = [
  'annual_report',
  'incident',
  'attachment',
  'share',
  'consent_request',
  'standing_consent',
  'contact',
  'contact_campaign',
  'communication_check',
  'situation',
  'exercise',
  'exercise_lesson',
  'notification',
  'notice',
  'policy_clause',
  'policy_request',
  'change',
  'user',
  'org',
  'sso_provider',
  'warninglist',
  'deadline_profile',
  'audit',
] as const;
export const FILTER_NAMES = ['action', 'actor', 'subjectType', 'subjectId', 'from', 'to'] as const;
export type FilterValues = Record<(typeof FILTER_NAMES)[number], string>;

export function readFilter(params: URLSearchParams): FilterValues {
  const values = {} as FilterValues;
  for (const name of FILTER_NAMES) values[name] = params.get(name) ?? '';
  return values;
}

export function writeFilter(values: FilterValues): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) if (values[name].trim()) params.set(name, values[name].trim());
  return params;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Local midnight starting a day, `days` after the date an input gave. */
function midnight(date: string, days = 0): string {
  const day = new Date(`${date}T00:00:00`);
  day.setDate(day.getDate() + days);
  return day.toISOString();
}

/** The filter for the API: from the first day's local midnight up to (not including) the day after the last. */
export function apiFilter(values: FilterValues): AuditFilter {
  const { from, to, ...rest } = values;
  return {
    ...rest,
    ...(DATE.test(from) ? { from: midnight(from) } : {}),
    ...(DATE.test(to) ? { to: midnight(to, 1) } : {}),
  };
}
