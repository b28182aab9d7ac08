import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { appendDurably, publicKeyFileIn, writeNewFile } from './anchor.file.js';
import { keyIdOf } from './anchor.format.js';

// The Ed25519 key that signs anchors lives in a file of its own (RENRAKU_AUDIT_SIGNING_KEY_FILE), apart from
// the database and, in production, from the data folder; its public key goes beside the anchors and to the
// auditors, who need nothing else to check them.

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  id: string;
}

const keyOf = (privateKey: KeyObject): SigningKey => {
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error('the audit signing key is not an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, id: keyIdOf(publicKey) };
};

const pemOfNewKey = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

// Keys are read again whenever their file changes (a rotation by another process renames a new file in place:
// a new inode), not at every anchor: parsing a key and deriving its public key and id cost far more than a stat.
const readKeys = new Map<string, { version: string; key: SigningKey }>();

/** The signing key in `file`, or undefined when there is none. */
export function readSigningKey(file: string): SigningKey | undefined {
  const stat = statSync(file, { throwIfNoEntry: false, bigint: true });
  if (!stat) return undefined;
  const version = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  const known = readKeys.get(file);
  if (known?.version === version) return known.key;
  const key = keyOf(createPrivateKey(readFileSync(file, 'utf8')));
  readKeys.set(file, { version, key });
  return key;
}

/** The signing key in `file`, created there first when absent (two processes starting at once keep one). */
export function loadOrCreateSigningKey(file: string): SigningKey {
  const existing = readSigningKey(file);
  if (existing) return existing;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeNewFile(file, pemOfNewKey(), 0o600);
  return readSigningKey(file) as SigningKey;
}

/** A rotation's next key waits beside the current one until the anchor announcing it is committed. */
const nextFileOf = (file: string) => `${file}.next`;

/** The staged next key, creating it if none is staged yet. */
export function stageNextKey(file: string): SigningKey {
  const next = nextFileOf(file);
  if (!existsSync(next)) writeNewFile(next, pemOfNewKey(), 0o600);
  return readSigningKey(next) as SigningKey;
}

export const stagedNextKey = (file: string): SigningKey | undefined => readSigningKey(nextFileOf(file));

/** Makes the staged key the signing key; the old one is kept beside it, named by its id. */
export function completeRotation(file: string): SigningKey {
  retireSigningKey(file);
  renameSync(nextFileOf(file), file);
  return readSigningKey(file) as SigningKey;
}

/** Moves the signing key aside (`<file>.retired-<id>`), so that the next use creates a new one. */
export function retireSigningKey(file: string): void {
  const current = readSigningKey(file);
  if (current) renameSync(file, `${file}.retired-${current.id}`);
}

export const publicKeyPem = (key: KeyObject): string =>
  key.export({ type: 'spki', format: 'pem' }).toString();

/** Every Ed25519 public key in a text of PEM blocks. */
export function parsePublicKeys(text: string): KeyObject[] {
  const blocks = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? [];
  return blocks.map((pem) => createPublicKey(pem)).filter((key) => key.asymmetricKeyType === 'ed25519');
}

export const readPublicKeys = (file: string): KeyObject[] =>
  existsSync(file) ? parsePublicKeys(readFileSync(file, 'utf8')) : [];

/** Adds the key to the public key file beside the anchors unless it is there: rotations keep the old ones. */
export function publishPublicKey(file: string, key: KeyObject): void {
  const id = keyIdOf(key);
  if (readPublicKeys(file).some((k) => keyIdOf(k) === id)) return;
  appendDurably(file, `# audit anchor signing key ${id}\n${publicKeyPem(key)}`, 0o644);
}

export const trustedMap = (keys: readonly KeyObject[]): Map<string, KeyObject> =>
  new Map(keys.map((k) => [keyIdOf(k), k]));

/** Public keys of the signing key and the keys it replaced, kept beside it (`<file>.retired-<id>`). */
function ownKeys(signingKeyFile: string): KeyObject[] {
  const dir = dirname(signingKeyFile);
  const retired = existsSync(dir)
    ? readdirSync(dir).filter((name) => name.startsWith(`${basename(signingKeyFile)}.retired-`))
    : [];
  return [signingKeyFile, ...retired.map((name) => join(dir, name))]
    .map(readSigningKey)
    .filter((k): k is SigningKey => k !== undefined)
    .map((k) => k.publicKey);
}

/**
 * The keys this deployment trusts for its own checks: those published beside the anchors, its signing key and
 * the ones it replaced. (An auditor trusts only the public keys it was given.)
 */
export function knownKeys(settings: { dir: string | undefined; signingKeyFile: string }): KeyObject[] {
  const published = settings.dir ? readPublicKeys(publicKeyFileIn(settings.dir)) : [];
  return [...published, ...ownKeys(settings.signingKeyFile)];
}
