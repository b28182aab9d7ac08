import { ApiError } from '../api.js';
import { isMessageKey, type MessageKey, type Translate } from '../i18n.js';
import type { ConsentStatus } from './sharing.api.js';

/** A refusal of the sharing API as a sentence: its own message when sharing has one, else the generic one. */
export function problemText(t: Translate, error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'network';
  const key = `share.problem.${code}`;
  return isMessageKey(key) ? t(key) : t('common.error', { code });
}

// A request that is no longer pending, by why: "answered already" would be wrong when nobody answered it.
const CLOSED: Partial<Record<ConsentStatus, MessageKey>> = {
  superseded: 'consent.said.superseded',
  withdrawn: 'consent.said.withdrawn',
  expired: 'share.problem.consent.expired',
};

/**
 * A refused consent answer in plain words: changed meanwhile (read it again), expired (nothing was shared),
 * answered already — or replaced or withdrawn, when `status` (the request as it stands now) says so — or terms
 * looser than asked (naming which).
 */
export function decisionProblem(t: Translate, error: ApiError, status?: ConsentStatus): string {
  if (error.code === 'consent.looser_terms') {
    const fields = error.fields.map((f) => f.path).join(', ');
    return t('share.problem.consent.looser_terms', { fields: fields || t('common.none') });
  }
  const closed = error.code === 'consent.already_decided' && status ? CLOSED[status] : undefined;
  return closed ? t(closed) : problemText(t, error);
}
