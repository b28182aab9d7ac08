import type { Executor } from '../../platform/db/database.js';
import { loginPolicyRepository } from './login-policy.repository.js';

/**
 * Whether a person may log in with a local password: always, unless the body has turned passwords off and the
 * person is not one of its break-glass accounts.
 */
export async function passwordLoginAllowed(
  db: Executor,
  user: { id: string; org_id: string },
): Promise<boolean> {
  if (!(await loginPolicyRepository.passwordsDisabled(db, user.org_id))) return true;
  return loginPolicyRepository.isBreakGlass(db, user.id);
}
