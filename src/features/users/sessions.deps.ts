import type { Services } from '../../services.js';
import type { LoginDeps } from './sessions.usecases.js';

/** What logging in needs, from the composition root. */
export const loginDepsOf = (services: Services): LoginDeps => ({
  audit: services.audit,
  clock: services.clock,
  sessionTtlMinutes: services.config.sessionTtlMinutes,
  mfaRequiredRoles: services.config.mfaRequiredRoles,
  throttle: services.config,
});
