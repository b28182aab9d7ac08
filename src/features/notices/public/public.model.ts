import type { Executor } from '../../../platform/db/database.js';
import { orgsDirectory } from '../../orgs/orgs.directory.js';
import type { NoticeContent } from '../notices.template.js';
import { publicRepository } from './public.repository.js';

// What the public site shows: published notices, each with its published versions and the name of its body. It
// is built from the published text alone; nothing else of a notice (drafts, approvals, comments) or of its
// incident is read.

export interface PublicVersion {
  seq: number;
  kind: 'report' | 'correction';
  publishedAt: string;
  content: NoticeContent;
}

export interface PublicNotice {
  id: string;
  kind: 'notice' | 'press';
  body: { slug: string; nameJa: string; nameEn: string };
  publishedAt: string;
  /** The latest publication or the withdrawal. */
  updatedAt: string;
  withdrawnAt: string | null;
  /** Oldest first; never empty. */
  versions: PublicVersion[];
}

type NoticeRow = Awaited<ReturnType<typeof publicRepository.notices>>[number];

async function assemble(db: Executor, rows: NoticeRow[]): Promise<PublicNotice[]> {
  const [versions, orgs] = await Promise.all([
    publicRepository.versions(
      db,
      rows.map((r) => r.id),
    ),
    orgsDirectory.byIds(db, [...new Set(rows.map((r) => r.org_id))]),
  ]);
  const out: PublicNotice[] = [];
  for (const r of rows) {
    const org = orgs.get(r.org_id);
    const own = versions
      .filter((v) => v.notice_id === r.id && v.published_at !== null)
      .map((v) => ({
        seq: v.seq,
        kind: v.kind as 'report' | 'correction',
        publishedAt: v.published_at as string,
        content: JSON.parse(v.content) as NoticeContent,
      }));
    const last = own.at(-1);
    if (!org || !last || !r.published_at) continue;
    out.push({
      id: r.id,
      kind: r.kind as 'notice' | 'press',
      body: { slug: org.slug, nameJa: org.name_ja, nameEn: org.name_en },
      publishedAt: r.published_at,
      updatedAt: r.withdrawn_at ?? last.publishedAt,
      withdrawnAt: r.withdrawn_at,
      versions: own,
    });
  }
  return out.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}

/** The newest notices ever published, newest change first. */
export const publicNotices = async (db: Executor) => assemble(db, await publicRepository.notices(db));

/** One notice ever published, or undefined (a draft, a missing id: the same). */
export async function publicNotice(db: Executor, id: string): Promise<PublicNotice | undefined> {
  const row = await publicRepository.notice(db, id);
  return row ? (await assemble(db, [row]))[0] : undefined;
}

/** The notice's latest published version. */
export const latest = (n: PublicNotice): PublicVersion => n.versions[n.versions.length - 1] as PublicVersion;
