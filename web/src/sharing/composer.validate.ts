import { ApiError } from '../api.js';
import type { MessageKey } from '../i18n.js';
import { type ComposerValues, lines } from './composer.values.js';

// The contract's limits, checked before sending so that the analyst hears at once what to fix; the server
// stays the judge, and what it refuses is put back on the field it concerns.

export const COMPOSER_FIELDS = [
  'sources',
  'title',
  'body',
  'indicators',
  'mitigations',
  'tlp',
  'audience',
  'consentDueAt',
  'terms',
] as const;
export type ComposerField = (typeof COMPOSER_FIELDS)[number];
export interface ComposerError {
  key: MessageKey;
  params?: Record<string, string | number>;
}
export type ComposerErrors = Partial<Record<ComposerField, ComposerError>>;

const LIMITS = { title: 200, body: 20_000, indicators: 500, mitigations: 50, mitigation: 2_000, dueDays: 30 };
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const length = (text: string) => [...text].length;

/** What is wrong with the values, by field, in the order the fields appear. */
export function validateComposer(values: ComposerValues, now: Date): ComposerErrors {
  const errors: ComposerErrors = {};
  const title = values.title.trim();
  if (!title) errors.title = { key: 'compose.error.required' };
  else if (/[\r\n]/.test(title)) errors.title = { key: 'compose.error.oneLine' };
  else if (length(title) > LIMITS.title)
    errors.title = { key: 'compose.error.tooLong', params: { max: LIMITS.title } };
  const body = values.body.trim();
  if (!body) errors.body = { key: 'compose.error.required' };
  else if (length(body) > LIMITS.body)
    errors.body = { key: 'compose.error.tooLong', params: { max: LIMITS.body } };
  const blank = values.indicators.findIndex((i) => i.value.trim() === '' && i.description.trim() !== '');
  if (values.indicators.length > LIMITS.indicators)
    errors.indicators = { key: 'compose.error.tooMany', params: { max: LIMITS.indicators } };
  else if (blank >= 0) errors.indicators = { key: 'compose.error.indicatorValue', params: { n: blank + 1 } };
  const long = values.mitigations.findIndex((m) => length(m.text.trim()) > LIMITS.mitigation);
  if (values.mitigations.length > LIMITS.mitigations)
    errors.mitigations = { key: 'compose.error.tooMany', params: { max: LIMITS.mitigations } };
  else if (long >= 0)
    errors.mitigations = {
      key: 'compose.error.mitigationTooLong',
      params: { n: long + 1, max: LIMITS.mitigation },
    };
  if (values.audience === 'orgs' && values.orgs.length === 0)
    errors.audience = { key: 'compose.error.noOrgs' };
  if (values.audience === 'users') {
    const users = lines(values.users);
    const bad = users.find((u) => !EMAIL.test(u));
    if (users.length === 0) errors.audience = { key: 'compose.error.noUsers' };
    else if (bad) errors.audience = { key: 'compose.error.email', params: { email: bad } };
  }
  if (values.consentDueAt) {
    const at = new Date(values.consentDueAt).getTime();
    if (Number.isNaN(at) || at <= now.getTime()) errors.consentDueAt = { key: 'compose.error.duePast' };
    else if (at > now.getTime() + LIMITS.dueDays * 86_400_000)
      errors.consentDueAt = { key: 'compose.error.dueFar', params: { days: LIMITS.dueDays } };
  }
  return errors;
}

// Refusals that concern one field (the server's stable codes). Content taken from a report
// (shares.undeclared_source) may be in any field: it is shown with the incidents it comes from instead.
const FIELD_OF_CODE: Record<string, ComposerField> = {
  'shares.unknown_source': 'sources',
  'shares.sources_need_separate_consent': 'sources',
  'shares.unknown_org': 'audience',
  'shares.unknown_user': 'audience',
  'shares.named_users_need_red': 'audience',
  'shares.empty_audience': 'audience',
  'shares.red_needs_named_users': 'tlp',
  'shares.invalid_consent_due': 'consentDueAt',
  'shares.invalid_indicator': 'indicators',
  'shares.empty_after_redaction': 'terms',
};
// Schema paths (`body/content/title`, `body/content/indicators/3/value`…) by their field.
const FIELD_OF_PATH: [RegExp, ComposerField][] = [
  [/^\/?(body\/)?content\/title/, 'title'],
  [/^\/?(body\/)?content\/body/, 'body'],
  [/^\/?(body\/)?content\/indicators/, 'indicators'],
  [/^\/?(body\/)?content\/mitigations/, 'mitigations'],
  [/^\/?(body\/)?audience/, 'audience'],
  [/^\/?(body\/)?tlp/, 'tlp'],
  [/^\/?(body\/)?consentDueAt/, 'consentDueAt'],
  [/^\/?(body\/)?redact/, 'terms'],
  [/^\/?(body\/)?sourceIncidentIds/, 'sources'],
];

/** The refusal put on the fields it concerns; empty when it concerns the form as a whole. */
export function serverErrors(error: unknown): ComposerErrors {
  const found: ComposerErrors = {};
  if (!(error instanceof ApiError)) return found;
  const field = FIELD_OF_CODE[error.code];
  if (field) found[field] = { key: 'compose.error.server', params: { code: error.code } };
  for (const problem of error.fields) {
    // Schema paths use slashes (body/content/title), rules of the feature dots (content.indicators.3.value).
    const path = problem.path.replaceAll('.', '/');
    const named = FIELD_OF_PATH.find(([pattern]) => pattern.test(path))?.[1];
    if (named) found[named] ??= { key: 'compose.error.server', params: { code: error.code } };
  }
  return found;
}
