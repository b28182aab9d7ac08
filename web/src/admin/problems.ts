import { ApiError } from '../api.js';
import { isMessageKey, type MessageKey, type Translate } from '../i18n.js';

// Administration forms show a refusal next to the field it is about: the server answers stable codes, and the
// codes below belong to one field each. Anything else is shown for the whole form, by its code.

export type FieldErrors<F extends string> = Partial<Record<F, MessageKey>>;

const FIELD_OF_CODE: Record<string, string> = {
  'orgs.slug_taken': 'slug',
  'orgs.invalid_parent': 'parent',
  'orgs.center_exists': 'kind',
  'orgs.not_found': 'org',
  'orgs.review_deadline_too_long': 'reviewDeadlineMinutes',
  'orgs.invalid_alias': 'aliases',
  'users.email_taken': 'email',
  'users.weak_password': 'password',
  'users.role_not_allowed_here': 'role',
  'users.password_not_asked': 'password',
  'changes.about_requester': 'email',
  'changes.already_pending': 'email',
  'sso.slug_taken': 'slug',
  'sso.issuer_invalid': 'issuer',
  'sso.discovery_failed': 'issuer',
  'sso.agencies_only_for_ministries': 'org',
  'sso.mapping_out_of_scope': 'org',
  'sso.mapping_exists': 'value',
};

/** The refusal as a sentence: a specific message when there is one, else the generic one with the code. */
export function problemText(t: Translate, error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'network';
  const key = `admin.problem.${code}`;
  return isMessageKey(key) ? t(key) : t('common.error', { code });
}

/**
 * Splits a refusal into messages per field of the form (`fields` lists the form's field names) and what is
 * left for the form as a whole.
 */
export function splitProblem<F extends string>(
  error: unknown,
  fields: readonly F[],
): { byField: FieldErrors<F>; rest: unknown } {
  const byField: FieldErrors<F> = {};
  const isField = (name: string | undefined): name is F =>
    !!name && (fields as readonly string[]).includes(name);
  if (!(error instanceof ApiError)) return { byField, rest: error };
  const field = FIELD_OF_CODE[error.code];
  if (isField(field)) {
    const key = `admin.problem.${error.code}`;
    byField[field] = isMessageKey(key) ? key : 'admin.form.invalid';
    return { byField, rest: null };
  }
  if (error.code === 'request.validation_failed') {
    for (const problem of error.fields) {
      // `body/slug` names the field; a missing one is named only in the message of `body`.
      const named = problem.path.split('/').filter(Boolean).at(-1);
      const missing = /required property '([^']+)'/.exec(problem.message)?.[1];
      if (isField(missing)) byField[missing] ??= 'admin.form.required';
      else if (isField(named)) byField[named] ??= 'admin.form.invalid';
    }
    if (Object.keys(byField).length > 0) return { byField, rest: null };
  }
  return { byField, rest: error };
}

/** Fields left empty that the form needs, before asking the server. */
export function missing<F extends string>(values: Record<F, string>, required: readonly F[]): FieldErrors<F> {
  const byField: FieldErrors<F> = {};
  for (const name of required) if (values[name].trim() === '') byField[name] = 'admin.form.required';
  return byField;
}
