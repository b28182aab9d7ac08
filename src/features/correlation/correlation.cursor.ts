import { correlationErrors } from './correlation.errors.js';
import type { SharedPlace } from './correlation.repository.js';

// Cursors of an incident's correlations: opaque to clients, refused when not one this server gave out.

const ID = /^[0-9A-Za-z_-]{1,64}$/;

/** Where a page of correlated incidents ends: the last incident's id. */
export const pairCursor = (otherIncidentId: string) =>
  Buffer.from(`p|${otherIncidentId}`, 'utf8').toString('base64url');

export function pairPlace(cursor: string): string {
  const [tag, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (tag !== 'p' || id === undefined || !ID.test(id) || rest.length > 0) throw correlationErrors.badCursor();
  return id;
}

/** Where a page of the values two incidents share ends: the last match's key. */
export const sharedCursor = (s: SharedPlace) =>
  Buffer.from(JSON.stringify(['s', s.type, s.value, s.otherType, s.otherValue]), 'utf8').toString(
    'base64url',
  );

export function sharedPlace(cursor: string): SharedPlace {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw correlationErrors.badCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 5 ||
    parsed[0] !== 's' ||
    !parsed.every((x) => typeof x === 'string' && x.length <= 4096)
  )
    throw correlationErrors.badCursor();
  const [, type, value, otherType, otherValue] = parsed as string[];
  return { type, value, otherType, otherValue } as SharedPlace;
}
