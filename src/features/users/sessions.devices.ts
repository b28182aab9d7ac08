import { hashSecret, newSecret } from '../../platform/auth/secrets.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { sessionsRepository } from './sessions.repository.js';

/**
 * Browsers that completed a log-in to an account ("device cookies", as OWASP describes them): the cookie is
 * sent to the log-in routes only, and lets its owner's attempts be counted apart from everyone else's.
 */
export const DEVICE_COOKIE = 'renraku_device';
export const DEVICE_COOKIE_PATH = '/api/v1/session';
const DEVICE_DAYS = 90;
const DEVICES_KEPT = 20;

/** The hash of the device cookie when it stands for a browser that logged in to this user before. */
export async function knownDevice(
  db: Executor,
  secret: string | undefined,
  userId: string | undefined,
  now: Date,
): Promise<string | null> {
  if (!secret || !userId || secret.length > 200) return null;
  const idHash = hashSecret(secret);
  return (await sessionsRepository.deviceKnown(db, idHash, userId, now.toISOString())) ? idHash : null;
}

/** Remembers the browser of a completed log-in; returns the cookie's secret, shown to that browser only. */
export async function rememberDevice(unit: Unit, userId: string, now: Date) {
  const secret = newSecret('rd');
  const expiresAt = new Date(now.getTime() + DEVICE_DAYS * 86_400_000).toISOString();
  await sessionsRepository.insertDevice(unit.tx, {
    id_hash: hashSecret(secret),
    user_id: userId,
    created_at: now.toISOString(),
    expires_at: expiresAt,
  });
  await sessionsRepository.trimDevices(unit.tx, userId, DEVICES_KEPT);
  return { secret, expiresAt };
}

/** Forgets every browser of a user (a password reset or change, a reset of the second factors). */
export const forgetDevices = (unit: Unit, userId: string) =>
  sessionsRepository.forgetDevices(unit.tx, userId);
