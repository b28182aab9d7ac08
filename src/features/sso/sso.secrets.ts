import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Seals client secrets for the database; the key never lives there, so a dump alone reveals none. */
export interface SecretBox {
  /** `bound` ties the sealed text to one provider: copied onto another row, it does not open. */
  seal(plain: string, bound: string): string;
  open(sealed: string, bound: string): string;
}

const VERSION = 'v1';

/**
 * AES-256-GCM with a key derived from the key file's content. Given a function, the key is read (or made) when a
 * secret is first sealed or opened: a deployment without single sign-on gets no key file.
 */
export function secretBox(keyMaterial: Buffer | (() => Buffer)): SecretBox {
  let derived: Buffer | undefined;
  const keyOf = () => {
    derived ??= createHash('sha256')
      .update('renraku-sso-secret\n')
      .update(typeof keyMaterial === 'function' ? keyMaterial() : keyMaterial)
      .digest();
    return derived;
  };
  return {
    seal(plain, bound) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyOf(), iv);
      cipher.setAAD(Buffer.from(bound, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, bound) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', keyOf(), Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(bound, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

/**
 * The sealing key: the configured file (which must exist: a missing mounted secret is an error, not a reason
 * to make a new key), or one generated once into the data folder.
 */
export function resolveSsoKey(config: { ssoKeyFile: string | undefined; dataDir: string }): Buffer {
  if (config.ssoKeyFile) return readFileSync(config.ssoKeyFile);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const file = join(config.dataDir, 'sso.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return readFileSync(file);
}

/**
 * A provider's client secret kept outside the database: the file named after its slug in the secrets folder.
 * Slugs are `[a-z0-9-]`, so the name cannot leave the folder.
 */
export function secretFromFolder(folder: string | undefined, slug: string): string | undefined {
  if (!folder || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) return undefined;
  const file = join(folder, slug);
  if (!existsSync(file)) return undefined;
  const secret = readFileSync(file, 'utf8').trim();
  return secret === '' ? undefined : secret;
}
