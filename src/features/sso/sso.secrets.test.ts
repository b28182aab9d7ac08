import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSsoKey, secretBox, secretFromFolder } from './sso.secrets.js';

describe('sealed client secrets', () => {
  const box = secretBox(Buffer.from('a key outside the database'));

  it('opens what it sealed, for the same provider only, and never with another key', () => {
    const sealed = box.seal('s3cret', 'provider-a');
    expect(sealed).not.toContain('s3cret');
    expect(box.open(sealed, 'provider-a')).toBe('s3cret');
    // Copied onto another provider's row, it does not open.
    expect(() => box.open(sealed, 'provider-b')).toThrow();
    expect(() => secretBox(Buffer.from('another key')).open(sealed, 'provider-a')).toThrow();
    expect(box.seal('s3cret', 'provider-a')).not.toBe(sealed);
  });

  it('generates its key once into the data folder, or reads the configured file', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'renraku-sso-key-'));
    const first = resolveSsoKey({ ssoKeyFile: undefined, dataDir });
    expect(resolveSsoKey({ ssoKeyFile: undefined, dataDir })).toEqual(first);
    const file = join(dataDir, 'elsewhere.key');
    writeFileSync(file, 'mounted secret');
    expect(resolveSsoKey({ ssoKeyFile: file, dataDir }).toString()).toBe('mounted secret');
    expect(() => resolveSsoKey({ ssoKeyFile: join(dataDir, 'missing'), dataDir })).toThrow();
  });

  it('makes its default key only when a secret is first sealed', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'renraku-sso-lazy-'));
    const lazy = secretBox(() => resolveSsoKey({ ssoKeyFile: undefined, dataDir }));
    expect(readdirSync(dataDir)).toEqual([]);
    const sealed = lazy.seal('s3cret', 'provider-a');
    expect(readdirSync(dataDir)).toEqual(['sso.key']);
    expect(secretBox(readFileSync(join(dataDir, 'sso.key'))).open(sealed, 'provider-a')).toBe('s3cret');
  });

  it('reads a secret from the folder by slug only, never by a path', () => {
    const folder = mkdtempSync(join(tmpdir(), 'renraku-sso-secrets-'));
    writeFileSync(join(folder, 'meti-entra'), 'from a file\n');
    expect(secretFromFolder(folder, 'meti-entra')).toBe('from a file');
    expect(secretFromFolder(folder, 'other')).toBeUndefined();
    expect(secretFromFolder(folder, '../meti-entra')).toBeUndefined();
    expect(secretFromFolder(undefined, 'meti-entra')).toBeUndefined();
  });
});
