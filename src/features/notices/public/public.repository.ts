import type { Executor } from '../../../platform/db/database.js';

/** The most notices the public site lists and its feeds carry (the newest); each keeps its own page. */
export const PUBLIC_NOTICES_MAX = 500;

// The public site reads published versions of published or withdrawn notices, and nothing else: no draft, no
// approval, no comment, no track, nothing of the incident. Each query names its columns.

export const publicRepository = {
  /** The newest notices ever published (withdrawn ones too: their tombstones), newest change first. */
  notices: (db: Executor, limit = PUBLIC_NOTICES_MAX) =>
    db
      .selectFrom('notices')
      .select(['id', 'org_id', 'kind', 'status', 'published_at', 'updated_at', 'withdrawn_at'])
      .where('status', 'in', ['published', 'withdrawn'])
      .where('published_at', 'is not', null)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute(),
  /** One notice ever published, by id. */
  notice: (db: Executor, id: string) =>
    db
      .selectFrom('notices')
      .select(['id', 'org_id', 'kind', 'status', 'published_at', 'updated_at', 'withdrawn_at'])
      .where('id', '=', id)
      .where('status', 'in', ['published', 'withdrawn'])
      .where('published_at', 'is not', null)
      .executeTakeFirst(),
  /** The published versions of these notices, in order. */
  versions: (db: Executor, noticeIds: readonly string[]) =>
    noticeIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('notice_versions')
          .select(['notice_id', 'seq', 'kind', 'content', 'published_at'])
          .where('notice_id', 'in', [...noticeIds])
          .where('status', '=', 'published')
          .orderBy('notice_id')
          .orderBy('seq')
          .execute(),
};
