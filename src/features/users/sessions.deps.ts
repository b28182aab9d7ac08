import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import { type Config, sliceOf } from '../../platform/config.js';
import { loginThrottleSettings } from './sessions.config.js';
import type { LoginDeps } from './sessions.usecases.js';

/** What logging in needs, built once by the composition root. */
export const loginDepsOf = (s: { audit: AuditLog; clock: Clock; config: Config }): LoginDeps => ({
  audit: s.audit,
  clock: s.clock,
  sessionTtlMinutes: s.config.sessionTtlMinutes,
  mfaRequiredRoles: s.config.mfaRequiredRoles,
  throttle: sliceOf(loginThrottleSettings, s.config),
});
