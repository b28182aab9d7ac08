import { hashSecret, newSecret } from '../../platform/auth/secrets.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';

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
  const row = await db
    .selectFrom('known_devices')
    .select('id_hash')
    .where('id_hash', '=', idHash)
    .where('user_id', '=', userId)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row ? idHash : null;
}

/** Remembers the browser of a completed log-in; returns the cookie's secret, shown to that browser only. */
export async function rememberDevice(unit: Unit, userId: string, now: Date) {
  const secret = newSecret('rd');
  const expiresAt = new Date(now.getTime() + DEVICE_DAYS * 86_400_000).toISOString();
  await unit.tx
    .insertInto('known_devices')
    .values({
      id_hash: hashSecret(secret),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: expiresAt,
    })
    .execute();
  const old = await unit.tx
    .selectFrom('known_devices')
    .select('id_hash')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .offset(DEVICES_KEPT)
    .limit(1000)
    .execute();
  if (old.length > 0)
    await unit.tx
      .deleteFrom('known_devices')
      .where(
        'id_hash',
        'in',
        old.map((o) => o.id_hash),
      )
      .execute();
  return { secret, expiresAt };
}

/** Forgets every browser of a user (a password reset or change, a reset of the second factors). */
export const forgetDevices = (unit: Unit, userId: string) =>
  unit.tx.deleteFrom('known_devices').where('user_id', '=', userId).execute();
