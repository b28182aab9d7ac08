import { securityApi } from './security.api.js';

// The browser's side of passkeys, through SimpleWebAuthn; loaded when a passkey is first used, so that the first
// page stays small.
const browser = () => import('@simplewebauthn/browser');

/** Whether this browser can use passkeys at all. */
export const passkeysSupported = () =>
  typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';

/** Registers a new passkey for the user, named `name`. */
export async function registerPasskey(name: string) {
  const { startRegistration } = await browser();
  const { challengeId, options } = await securityApi.passkeyOptions();
  const response = await startRegistration({ optionsJSON: options as never });
  return securityApi.addPasskey(challengeId, name, response);
}

/** Answers a log-in step (or the whole log-in, without a password) with a passkey. */
export async function logInWithPasskey() {
  const { startAuthentication } = await browser();
  const { challengeId, options } = await securityApi.passkeyLoginOptions();
  const response = await startAuthentication({ optionsJSON: options as never });
  return securityApi.passkeyLogIn(challengeId, response);
}
