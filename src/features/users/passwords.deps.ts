import { publicUrl } from '../../platform/config.js';
import type { Services } from '../../services.js';
import type { PasswordDeps } from './passwords.usecases.js';

/** What passwords need, from the composition root. */
export const passwordDepsOf = (services: Services): PasswordDeps => ({
  audit: services.audit,
  clock: services.clock,
  throttle: services.config,
  minScore: services.config.passwordMinScore,
  resetHours: services.config.passwordResetHours,
  publicUrl: publicUrl(services.config).replace(/\/+$/, ''),
  outbox: services.outbox,
});
