import type { CommentRow, NoticeRow, TrackRow, VersionRow } from './notices.repository.js';
import type { NoticeContent } from './notices.template.js';

/** A track as the API shows it (overdue: undecided past its due time, at `now`). */
export const presentTrack = (t: TrackRow, now: Date) => ({
  incidentId: t.incident_id,
  reason: t.reason,
  openedBy: t.opened_by,
  openedAt: t.opened_at,
  dueAt: t.due_at,
  overdue: t.decision === null && now.toISOString() > t.due_at,
  decision: t.decision as 'publish' | 'not-needed' | null,
  decisionReason: t.decision_reason,
  decidedBy: t.decided_by,
  decidedAt: t.decided_at,
  revision: t.revision,
});

const contentOf = (v: VersionRow) => JSON.parse(v.content) as NoticeContent;

/** A notice in a list: its latest version's Japanese title. */
export const presentNoticeSummary = (n: NoticeRow, versions: readonly VersionRow[]) => ({
  id: n.id,
  incidentId: n.incident_id,
  kind: n.kind as 'notice' | 'press',
  status: n.status as 'draft' | 'published' | 'withdrawn',
  title: (() => {
    const last = versions.at(-1);
    return last ? contentOf(last).ja.title : '';
  })(),
  publishedAt: n.published_at,
  withdrawnAt: n.withdrawn_at,
  updatedAt: n.updated_at,
});

/** A notice with every version and comment. */
export const presentNotice = (
  n: NoticeRow,
  versions: readonly VersionRow[],
  comments: readonly CommentRow[],
) => ({
  ...presentNoticeSummary(n, versions),
  versions: versions.map((v) => ({
    seq: v.seq,
    kind: v.kind as 'report' | 'correction',
    status: v.status as 'draft' | 'approved' | 'published' | 'discarded',
    content: contentOf(v),
    revision: v.revision,
    authorIds: JSON.parse(v.author_ids) as string[],
    approvedBy: v.approved_by,
    approvedAt: v.approved_at,
    publishedAt: v.published_at,
    updatedAt: v.updated_at,
  })),
  comments: comments.map((c) => ({
    id: c.id,
    seq: c.seq,
    orgId: c.org_id,
    authorId: c.author_id,
    body: c.body,
    createdAt: c.created_at,
  })),
});
