import { shareAudience } from '../../platform/access/visibility.js';
import type { Executor } from '../../platform/db/database.js';

/** Who reads a share now: whole bodies, or (TLP:RED) named people; nobody unless it is published. */
export interface ShareReaders {
  bodies: ReadonlySet<string>;
  /** Named people, each with the body they were named at. */
  people: ReadonlyMap<string, string>;
}

/** The readers of a share, for other features that must not tell anyone else about it (notifications). */
export const shareReaders = (db: Executor, shareId: string): Promise<ShareReaders> =>
  shareAudience(db, shareId);
