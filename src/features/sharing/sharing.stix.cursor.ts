import { shareErrors } from './sharing.errors.js';
import type { VersionCursor } from './sharing.stix.repository.js';

// Where a page of STIX versions ends, handed to the client as an opaque token (TAXII's `next`). It names only
// a position in the caller's own view: given to another caller, it pages that caller's view from there.

/** The token of a position. */
export const encodeCursor = (c: VersionCursor): string =>
  Buffer.from(JSON.stringify([c.dateAdded, c.objectId, c.modified])).toString('base64url');

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const OBJECT_ID = /^[a-z][a-z0-9-]*--[0-9a-f-]{36}$/;

/** The position a token names; a token this server did not give is a 400 (shares.invalid_cursor). */
export function decodeCursor(token: string): VersionCursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw shareErrors.badCursor();
  }
  if (!Array.isArray(parts) || parts.length !== 3 || !parts.every((p) => typeof p === 'string'))
    throw shareErrors.badCursor();
  const [dateAdded, objectId, modified] = parts as [string, string, string];
  if (!TIME.test(dateAdded) || !OBJECT_ID.test(objectId) || !TIME.test(modified))
    throw shareErrors.badCursor();
  return { dateAdded, objectId, modified };
}
