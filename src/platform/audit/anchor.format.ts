import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from './audit.table.js';

// An anchor is a signed checkpoint of the audit chain, one JSON line, kept outside the database (a file, the
// auditors' mailboxes, a webhook) so that a table cut short or rewritten no longer matches it. Anchors chain:
// each names the hash of the line before it, so one removed from the middle or reordered is seen too.

export const ZERO_HASH = '0'.repeat(64);
const CONTEXT = 'renraku-audit-anchor-v1\n';

/** What an anchor states, in the order it is signed. */
export interface AnchorFields {
  v: 1;
  /** 1, 2, 3… without gaps. */
  n: number;
  /** The last audit row covered: every row 1..seq. */
  seq: number;
  /** That row's HMAC hash (checked with the audit key). */
  hash: string;
  /** SHA-256 chained over rows 1..seq, contents and hashes (checked without any secret). */
  digest: string;
  /** When it was signed, by the signer's clock (informative: order is n). */
  at: string;
  /** SHA-256 of the previous anchor's line; zeros for anchor 1. */
  prev: string;
  /** Id of the key that signed it (keyIdOf). */
  key: string;
  /** A rotation: the public key (SPKI DER, base64) that signs the anchors after this one. */
  nextKey?: string;
}

export interface Anchor extends AnchorFields {
  /** Ed25519 signature (base64) over the context and the canonical fields. */
  sig: string;
  /** The line as written, the unit of storage and of the next anchor's `prev`. */
  line: string;
}

/** The columns of one audit row that anchors cover: the whole row, as stored. */
/** A sealed audit row: one with its place in the chain. */
export type AnchoredRow = Omit<Selectable<AuditLogTable>, 'id' | 'seq'> & { seq: number };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The keyless digest after one more row. */
export const digestRow = (prev: string, r: AnchoredRow): string =>
  sha256(
    `${prev}\n${JSON.stringify([r.seq, r.at, r.actor_user_id, r.actor_org_id, r.action, r.subject_type, r.subject_id, r.detail, r.prev_hash, r.hash])}`,
  );

/** A public key's short id: the first 16 hex digits of the SHA-256 of its SPKI DER. */
export const keyIdOf = (key: KeyObject): string =>
  createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

export const encodePublicKey = (key: KeyObject): string =>
  key.export({ type: 'spki', format: 'der' }).toString('base64');

/** An Ed25519 public key from its base64 SPKI DER, or undefined. */
export function decodePublicKey(text: string): KeyObject | undefined {
  try {
    const key = createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** The fields in their fixed order: what is signed does not depend on how a parser ordered them. */
function canonical(f: AnchorFields): string {
  const ordered: AnchorFields = {
    v: f.v,
    n: f.n,
    seq: f.seq,
    hash: f.hash,
    digest: f.digest,
    at: f.at,
    prev: f.prev,
    key: f.key,
    ...(f.nextKey === undefined ? {} : { nextKey: f.nextKey }),
  };
  return JSON.stringify(ordered);
}

export const lineHash = (line: string): string => sha256(line);

export function signAnchor(fields: AnchorFields, privateKey: KeyObject): Anchor {
  const body = canonical(fields);
  const sig = sign(null, Buffer.from(CONTEXT + body), privateKey).toString('base64');
  const line = `${body.slice(0, -1)},"sig":${JSON.stringify(sig)}}`;
  return { ...fields, sig, line };
}

export const signatureHolds = (a: Anchor, publicKey: KeyObject): boolean =>
  verify(null, Buffer.from(CONTEXT + canonical(a)), publicKey, Buffer.from(a.sig, 'base64'));

const HEX64 = /^[0-9a-f]{64}$/;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Parses one line strictly; undefined for anything that is not an anchor of this version. */
export function parseAnchor(line: string): Anchor | undefined {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined;
  const allowed = new Set(['v', 'n', 'seq', 'hash', 'digest', 'at', 'prev', 'key', 'nextKey', 'sig']);
  if (Object.keys(o).some((k) => !allowed.has(k))) return undefined;
  const { v, n, seq, hash, digest, at, prev, key, nextKey, sig } = o;
  const fits =
    v === 1 &&
    isCount(n) &&
    (n as number) >= 1 &&
    isCount(seq) &&
    typeof hash === 'string' &&
    HEX64.test(hash) &&
    typeof digest === 'string' &&
    HEX64.test(digest) &&
    typeof at === 'string' &&
    !Number.isNaN(Date.parse(at)) &&
    typeof prev === 'string' &&
    HEX64.test(prev) &&
    typeof key === 'string' &&
    /^[0-9a-f]{16}$/.test(key) &&
    (nextKey === undefined || (typeof nextKey === 'string' && decodePublicKey(nextKey) !== undefined)) &&
    typeof sig === 'string' &&
    /^[A-Za-z0-9+/]{86}==$/.test(sig);
  if (!fits) return undefined;
  return {
    v: 1,
    n: n as number,
    seq: seq as number,
    hash: hash as string,
    digest: digest as string,
    at: at as string,
    prev: prev as string,
    key: key as string,
    ...(nextKey === undefined ? {} : { nextKey: nextKey as string }),
    sig: sig as string,
    line,
  };
}

/** The key an anchor expects of the next one: the one it announced, else its own. */
export const nextSignerOf = (a: Anchor): string => {
  const next = a.nextKey === undefined ? undefined : decodePublicKey(a.nextKey);
  return next ? keyIdOf(next) : a.key;
};

export type ChainCheck =
  | { ok: true; warnings: string[]; keys: Map<string, KeyObject> }
  | { ok: false; n: number; seq: number; problem: string };

/**
 * Checks a run of anchors, in the order given: each parsed, signed by a trusted key, numbered upwards, linked
 * to the one before when they are consecutive, never covering fewer rows. A key announced by a trusted anchor
 * (`nextKey`) is trusted from then on (the keys trusted at the end are returned); a change to another trusted
 * key that was not announced is allowed, with a warning. `gaps` allows numbers to be missing (a file of
 * anchors collected from e-mail); `fromFirst` requires the run to start at anchor 1.
 */
export function checkAnchorChain(
  anchors: readonly Anchor[],
  trusted: Map<string, KeyObject>,
  options: { gaps: boolean; label: string; fromFirst?: boolean },
): ChainCheck {
  const keys = new Map(trusted);
  const warnings: string[] = [];
  let before: Anchor | undefined;
  for (const a of anchors) {
    const fail = (problem: string): ChainCheck => ({ ok: false, n: a.n, seq: a.seq, problem });
    const signer = keys.get(a.key);
    if (!signer)
      return fail(`anchor #${a.n} (${options.label}) is signed by key ${a.key}, which is not trusted`);
    if (!signatureHolds(a, signer))
      return fail(`anchor #${a.n} (${options.label}): its signature does not hold (changed or forged)`);
    if (!before && a.n !== 1 && options.fromFirst)
      return fail(`anchors #1..#${a.n - 1} are missing from ${options.label}`);
    if (a.n === 1 && a.prev !== ZERO_HASH)
      return fail(`anchor #1 (${options.label}) does not start the chain of anchors`);
    if (before) {
      if (a.n <= before.n)
        return fail(
          `anchor #${a.n} (${options.label}) comes after anchor #${before.n}: out of order or repeated`,
        );
      if (a.n > before.n + 1 && !options.gaps)
        return fail(`anchors #${before.n + 1}..#${a.n - 1} are missing from ${options.label}`);
      if (a.n === before.n + 1 && a.prev !== lineHash(before.line))
        return fail(`anchor #${a.n} (${options.label}) does not link to anchor #${before.n}`);
      if (a.seq < before.seq)
        return fail(`anchor #${a.n} (${options.label}) covers fewer rows than anchor #${before.n}`);
      if (a.n === before.n + 1 && a.key !== nextSignerOf(before))
        warnings.push(`anchor #${a.n} is signed by key ${a.key}, which anchor #${before.n} did not announce`);
    }
    if (a.nextKey !== undefined) {
      const next = decodePublicKey(a.nextKey);
      if (next) keys.set(keyIdOf(next), next);
    }
    before = a;
  }
  return { ok: true, warnings, keys };
}
