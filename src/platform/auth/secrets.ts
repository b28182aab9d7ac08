import { createHash, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';

// Random bytes are drawn from the system's generator 4 KiB at a time, as Node does for randomUUID: one call
// per secret cost more than the rest of making a notification's acknowledgment link. Each byte is handed
// out once and the pool is overwritten as it is handed out.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
const SECRET_BYTES = 32;

function poolBytes(n: number): string {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const text = pool.toString('base64url', poolAt, poolAt + n);
  pool.fill(0, poolAt, poolAt + n);
  poolAt += n;
  return text;
}

/** A random secret (256 bits) for tokens and sessions, with a prefix that secret scanners can recognise. */
export const newSecret = (prefix: string): string => `${prefix}_${poolBytes(SECRET_BYTES)}`;

/** Secrets with 256 bits of entropy need no slow hash; SHA-256 makes a leaked table useless. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** What argon2id spends on hashing a password (RENRAKU_PASSWORD_HASH_*); the lanes stay at 4. */
export interface PasswordHashCost {
  memoryKiB: number;
  passes: number;
}
let cost: PasswordHashCost = { memoryKiB: 65_536, passes: 3 };

/**
 * Sets the cost of the hashes made from now on in this process (the services do, from the configuration). A
 * hash carries its own parameters, so those made before still verify.
 */
export function setPasswordHashCost(next: PasswordHashCost): void {
  if (next.memoryKiB === cost.memoryKiB && next.passes === cost.passes) return;
  cost = { ...next };
  dummyHash = undefined;
}

export const hashPassword = (password: string): Promise<string> =>
  argon2.hash(password, {
    type: argon2.argon2id,
    memoryCost: cost.memoryKiB,
    timeCost: cost.passes,
    parallelism: 4,
  });

export const verifyPassword = async (hash: string, password: string): Promise<boolean> => {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
};

// Compared against when the e-mail is unknown, so that the response time does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = (): Promise<string> => {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
};
