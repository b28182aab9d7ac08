import { ApiError } from '../api.js';
import { isMessageKey, type Translate } from '../i18n.js';

/** A refusal of the campaigns or checks API as a sentence: its own words when there are, else the code. */
export function refusalText(t: Translate, error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'network';
  const key = `campaigns.problem.${code}`;
  return isMessageKey(key) ? t(key) : t('common.error', { code });
}

/** Whether a refusal says the thing does not exist for the caller. */
export const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;
