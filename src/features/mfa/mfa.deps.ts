import { type Config, publicUrl } from '../../platform/config.js';
import type { LoginDeps } from '../users/sessions.usecases.js';
import type { StepDeps } from './mfa.login.js';
import { relyingPartyOf } from './passkeys.webauthn.js';

/** What second factors need, built once by the composition root: the relying party follows RENRAKU_PUBLIC_URL. */
export const mfaDepsOf = (login: LoginDeps, config: Config): StepDeps => ({
  ...login,
  relyingParty: () => relyingPartyOf(publicUrl(config)),
});
