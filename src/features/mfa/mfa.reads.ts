import { mfaRepository } from './mfa.repository.js';

// What other features may ask about a person's second factors.

export const mfaReads = {
  /** The second factors a person can log in with now: TOTP, passkeys, recovery codes. */
  loginMethods: (...args: Parameters<typeof mfaRepository.loginMethods>) =>
    mfaRepository.loginMethods(...args),
  /** Whether the person has a second factor to log in with (a confirmed TOTP secret or a passkey). */
  hasSecondFactor: (...args: Parameters<typeof mfaRepository.hasSecondFactor>) =>
    mfaRepository.hasSecondFactor(...args),
};
