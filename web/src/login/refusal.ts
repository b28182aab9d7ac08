import { ApiError } from '../api.js';
import type { MessageKey, Translate } from '../i18n.js';

/** Why a log-in step was refused, in words: wrong credentials, too many attempts, passwords off for the body, or the code of anything else. */
export function refusal(t: Translate, e: unknown, wrong: MessageKey = 'login.failed'): string {
  if (!(e instanceof ApiError)) return t('common.error', { code: 'network' });
  if (e.code === 'auth.throttled' && typeof e.extra.retryAfterSeconds === 'number')
    return t('login.throttled', { seconds: e.extra.retryAfterSeconds });
  if (e.status === 429 || e.code === 'request.rate_limited') return t('login.rateLimited');
  if (e.code === 'auth.password_login_disabled') return t('login.passwordsDisabled');
  if (e.status === 401 || e.status === 400) return t(wrong);
  return t('common.error', { code: e.code });
}
