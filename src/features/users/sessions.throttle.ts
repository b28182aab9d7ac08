import { addressGroup } from '../../platform/auth/client-address.js';
import type { ThrottleRule } from '../../platform/auth/throttle.js';
import type { LoginThrottleConfig } from './sessions.config.js';

/** The settings that shape log-in throttling: its slice of the configuration (RENRAKU_LOGIN_*). */
export type ThrottleSettings = LoginThrottleConfig;

const HOUR = 3_600_000;
// An address (perhaps a proxy many people share) waits a minute at most; an account, as long as configured.
const ADDRESS_MAX_DELAY_MS = 60_000;

/** Failed log-ins to one account, from anywhere. Keyed by the address typed, whether or not it exists. */
export const accountRule = (s: ThrottleSettings, email: string): ThrottleRule => ({
  key: `account:${email.toLowerCase()}`,
  freeFailures: s.loginAccountFailures,
  maxDelayMs: s.loginMaxDelaySeconds * 1000,
  halfLifeMs: 24 * HOUR,
  resetOnSuccess: true,
});

/** Failed log-ins from one client address (an IPv6 /64), whatever the account. */
export const addressRule = (s: ThrottleSettings, address: string): ThrottleRule => ({
  key: `address:${addressGroup(address)}`,
  freeFailures: s.loginAddressFailures,
  maxDelayMs: Math.min(ADDRESS_MAX_DELAY_MS, s.loginMaxDelaySeconds * 1000),
  halfLifeMs: HOUR,
  resetOnSuccess: false,
});

/**
 * A browser that logged in to the account before: its attempts are counted apart, so that others failing on
 * purpose at the account or from the same address do not lock its owner out.
 */
export const deviceRule = (s: ThrottleSettings, deviceHash: string): ThrottleRule => ({
  key: `device:${deviceHash}`,
  freeFailures: s.loginAccountFailures,
  maxDelayMs: s.loginMaxDelaySeconds * 1000,
  halfLifeMs: 24 * HOUR,
  resetOnSuccess: true,
});

/** Second-factor codes of one user (TOTP has a million of them; recovery codes are few). */
export const factorRule = (s: ThrottleSettings, userId: string): ThrottleRule => ({
  key: `factor:${userId}`,
  freeFailures: s.loginAccountFailures,
  maxDelayMs: s.loginMaxDelaySeconds * 1000,
  halfLifeMs: 24 * HOUR,
  resetOnSuccess: true,
});
