import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import { type Config, publicUrl } from '../../platform/config.js';
import type { PasswordDeps } from './passwords.usecases.js';

/** What passwords need, built once by the composition root. */
export const passwordDepsOf = (s: {
  audit: AuditLog;
  clock: Clock;
  config: Config;
  outbox: PasswordDeps['outbox'];
}): PasswordDeps => ({
  audit: s.audit,
  clock: s.clock,
  throttle: s.config,
  minScore: s.config.passwordMinScore,
  resetHours: s.config.passwordResetHours,
  publicUrl: publicUrl(s.config).replace(/\/+$/, ''),
  outbox: s.outbox,
});
