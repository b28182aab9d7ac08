import { publicUrl } from '../../platform/config.js';
import type { Services } from '../../services.js';
import { loginDepsOf } from '../users/sessions.deps.js';
import type { StepDeps } from './mfa.login.js';
import { relyingPartyOf } from './passkeys.webauthn.js';

/** What second factors need, from the composition root: the relying party follows RENRAKU_PUBLIC_URL. */
export const mfaDepsOf = (services: Services): StepDeps => ({
  ...loginDepsOf(services),
  relyingParty: () => relyingPartyOf(publicUrl(services.config)),
});
