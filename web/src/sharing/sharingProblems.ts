import { ApiError } from '../api.js';
import { isMessageKey, type MessageKey, type Translate } from '../i18n.js';

/** A refusal of the sharing API as a sentence: its own message when sharing has one, else the generic one. */
export function problemText(t: Translate, error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'network';
  const key = `share.problem.${code}`;
  return isMessageKey(key) ? t(key) : t('common.error', { code });
}

// A request closed without an answer from here has its own code: "answered already" would be wrong.
const CLOSED: Partial<Record<string, MessageKey>> = {
  'consent.superseded': 'consent.said.superseded',
  'shares.withdrawn': 'consent.said.withdrawn',
};

/**
 * A refused consent answer in plain words: changed meanwhile (read it again), replaced by a new request,
 * withdrawn, expired (nothing was shared), answered already, or terms looser than asked (naming which).
 */
export function decisionProblem(t: Translate, error: ApiError): string {
  if (error.code === 'consent.looser_terms') {
    const fields = error.fields.map((f) => f.path).join(', ');
    return t('share.problem.consent.looser_terms', { fields: fields || t('common.none') });
  }
  const closed = CLOSED[error.code];
  return closed ? t(closed) : problemText(t, error);
}
