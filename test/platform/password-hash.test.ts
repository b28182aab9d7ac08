import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { hashPassword, setPasswordHashCost, verifyPassword } from '../../src/platform/auth/secrets.js';
import { buildServices } from '../../src/services.js';

// Passwords are hashed with argon2id at the cost the configuration sets (the other tests run at the least one
// allowed, to stay quick): 64 MiB and 3 passes unless an operator says otherwise, never below 8 MiB.

const params = (hash: string) => /^\$argon2id\$v=19\$(m=\d+,p=\d+,t=\d+)\$/.exec(hash)?.[1];

describe('password hashing cost', () => {
  afterEach(() => setPasswordHashCost({ memoryKiB: 8_192, passes: 1 }));

  it('is 64 MiB, 3 passes and 4 lanes by default, as the services set it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'renraku-hash-'));
    const services = buildServices(loadConfig({ RENRAKU_DATA_DIR: dir }));
    try {
      expect(params(await hashPassword('correct horse battery staple'))).toBe('m=65536,p=4,t=3');
    } finally {
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows RENRAKU_PASSWORD_HASH_*, and a hash made at another cost still verifies', async () => {
    const config = loadConfig({
      RENRAKU_PASSWORD_HASH_MEMORY_KIB: '19456',
      RENRAKU_PASSWORD_HASH_PASSES: '2',
    });
    setPasswordHashCost({ memoryKiB: config.passwordHashMemoryKiB, passes: config.passwordHashPasses });
    const older = await hashPassword('correct horse battery staple');
    expect(params(older)).toBe('m=19456,p=4,t=2');
    setPasswordHashCost({ memoryKiB: 8_192, passes: 1 });
    expect(params(await hashPassword('x'.repeat(12)))).toBe('m=8192,p=4,t=1');
    expect(await verifyPassword(older, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(older, 'correct horse battery stapl')).toBe(false);
  });

  it.each([
    ['RENRAKU_PASSWORD_HASH_MEMORY_KIB', '4096'],
    ['RENRAKU_PASSWORD_HASH_MEMORY_KIB', '64MiB'],
    ['RENRAKU_PASSWORD_HASH_PASSES', '0'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
