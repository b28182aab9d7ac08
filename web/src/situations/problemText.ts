import { ApiError } from '../api.js';
import { isMessageKey, type Translate } from '../i18n.js';

/** A refusal of the situations API as a sentence: its own words when there are, else the code. */
export function refusalText(t: Translate, error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'network';
  const key = `situations.problem.${code}`;
  return isMessageKey(key) ? t(key) : t('common.error', { code });
}
