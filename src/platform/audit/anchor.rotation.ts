import type { Anchor } from './anchor.format.js';
import {
  completeRotation,
  readSigningKey,
  retireSigningKey,
  type SigningKey,
  stageNextKey,
} from './anchor.keys.js';

type Outcome = { anchor: Anchor } | { anchor: null; reason: string; detail?: string };

const why = (o: Outcome) => (o.anchor ? '' : `${o.reason}${o.detail ? `: ${o.detail}` : ''}`);

/**
 * Rotates the signing key with the old one's word: the next key is staged on disk first (so that a crash after
 * the announcing anchor never loses it), then an anchor signed with the old key announces it, then it replaces
 * the old key, which is kept beside it. Null when the log is empty: there is nothing to announce it over.
 */
export async function rotateAnnounced(
  keyFile: string,
  anchorAnnouncing: (next: SigningKey) => Promise<Outcome>,
): Promise<Anchor | null> {
  if (!readSigningKey(keyFile)) throw new Error(`there is no signing key in ${keyFile} to rotate`);
  const outcome = await anchorAnnouncing(stageNextKey(keyFile));
  if (!outcome.anchor && outcome.reason !== 'not-due')
    throw new Error(`the new key could not be announced (${why(outcome)})`);
  completeRotation(keyFile);
  return outcome.anchor;
}

/** Starts a new key without the old one (lost or compromised): its first anchor is signed by the new key alone. */
export async function rotateUnannounced(
  keyFile: string,
  anchorWithNewKey: () => Promise<Outcome>,
): Promise<Anchor | null> {
  retireSigningKey(keyFile);
  const outcome = await anchorWithNewKey();
  if (!outcome.anchor && outcome.reason !== 'not-due')
    throw new Error(`the new key could not sign an anchor (${why(outcome)})`);
  return outcome.anchor;
}
