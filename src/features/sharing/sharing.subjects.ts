import type { Executor } from '../../platform/db/database.js';
import { sharesRepository } from './sharing.repository.js';

// What other features may read of a share or a consent request: what a notification about it says.

export const sharingSubjects = {
  /** A share's TLP, title and body, or undefined for no such share. */
  share: async (db: Executor, id: string) => {
    const s = await sharesRepository.byId(db, id);
    return s ? { id: s.id, tlp: s.tlp, title: s.title, body: s.body } : undefined;
  },
  /** `share` for several shares in one read, by id; those that do not exist are missing. */
  shares: async (db: Executor, ids: readonly string[]) =>
    new Map(
      (await sharesRepository.byIds(db, [...ids])).map((s) => [
        s.id,
        { id: s.id, tlp: s.tlp, title: s.title, body: s.body },
      ]),
    ),
  /** `consentRequest` for several requests in one read, by id; those that do not exist are missing. */
  consentRequests: async (db: Executor, ids: readonly string[]) =>
    new Map(
      (await sharesRepository.consentsByIds(db, ids)).map((c) => [
        c.id,
        { shareId: c.share_id, orgId: c.org_id },
      ]),
    ),
  /** The share a consent request is about and the body asked, or undefined for no such request. */
  consentRequest: async (db: Executor, id: string) => {
    const c = await sharesRepository.consentById(db, id);
    return c ? { shareId: c.share_id, orgId: c.org_id } : undefined;
  },
};
