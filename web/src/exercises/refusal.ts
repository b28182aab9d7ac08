import { ApiError } from '../api.js';
import { isMessageKey, type Translate } from '../i18n.js';

/** A refusal of exercise control as a sentence: its own words when there are, else the code. */
export function refusalOf(t: Translate, error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'network';
  if (code === 'exercises.not_found') return t('exercises.notFound');
  const key = `exercises.refused.${code}`;
  return isMessageKey(key) ? t(key) : t('common.error', { code });
}
