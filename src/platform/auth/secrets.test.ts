import { describe, expect, it } from 'vitest';
import { hashSecret, newSecret } from './secrets.js';

describe('secrets', () => {
  it('are 256 random bits after their prefix, never the same twice, across many refills of the pool', () => {
    const seen = new Set<string>();
    // 4 KiB of pool gives 128 secrets: this crosses it many times, and at uneven places.
    for (let i = 0; i < 1_000; i++) {
      const prefix = i % 2 ? 'rnk' : 'rnkack';
      const secret = newSecret(prefix);
      expect(secret.startsWith(`${prefix}_`)).toBe(true);
      const body = secret.slice(prefix.length + 1);
      expect(body).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(body, 'base64url')).toHaveLength(32);
      seen.add(body);
    }
    expect(seen.size).toBe(1_000);
    // Every byte value turns up: nothing left at zero where the pool was handed out.
    const bytes = new Set([...seen].flatMap((b) => [...Buffer.from(b, 'base64url')]));
    expect(bytes.size).toBe(256);
  });

  it('are stored as their SHA-256 only', () => {
    const secret = newSecret('rnk');
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(secret)).not.toContain(secret.slice(4));
  });
});
