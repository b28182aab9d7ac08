import { ApiError } from '../api.js';
import { isMessageKey, type Translate } from '../i18n.js';

/**
 * A refusal of the security screens in words: a message of this part when there is one (with the server's own
 * feedback on a weak password, which comes in the page's language), else the generic one with the code.
 */
export function securityProblem(t: Translate, error: unknown): string {
  if (!(error instanceof ApiError)) return t('common.error', { code: 'network' });
  const key = `security.problem.${error.code}`;
  const base = isMessageKey(key) ? t(key) : t('common.error', { code: error.code });
  if (error.code !== 'users.weak_password') return base;
  const feedback = error.extra.feedback as { warning?: string | null; suggestions?: string[] } | undefined;
  return [base, feedback?.warning, ...(feedback?.suggestions ?? [])].filter(Boolean).join(' ');
}
