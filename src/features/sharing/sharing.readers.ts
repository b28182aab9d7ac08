import type { Executor } from '../../platform/db/database.js';
import { sharesRepository } from './sharing.repository.js';

/** Who reads a share now: whole bodies, or (TLP:RED) named people; nobody unless it is published. */
export interface ShareReaders {
  bodies: ReadonlySet<string>;
  /** Named people, each with the body they were named at. */
  people: ReadonlyMap<string, string>;
}

/** The readers of a share, for other features that must not tell anyone else about it (notifications). */
export async function shareReaders(db: Executor, shareId: string): Promise<ShareReaders> {
  const rows = await sharesRepository.readers(db, shareId);
  return {
    bodies: new Set(rows.filter((r) => r.user_id === '').map((r) => r.org_id)),
    people: new Map(rows.filter((r) => r.user_id !== '').map((r) => [r.user_id, r.org_id])),
  };
}
