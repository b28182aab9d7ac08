import { Type } from 'typebox';
import { Line, Text } from '../../platform/http/schemas.js';
import { NOTICE_KINDS } from './notices.template.js';

/** The longest title, and the longest text of any other field of a notice. */
export const NOTICE_TITLE_MAX = 200;
export const NOTICE_FIELD_MAX = 10_000;
/** The longest reason of a track's opening or decision, and the longest comment. */
export const NOTICE_REASON_MAX = 4000;

const Id = Type.String({ minLength: 1, maxLength: 64 });
export const IncidentIdParams = Type.Object({ id: Id });
export const NoticeIdParams = Type.Object({ id: Id });
export const VersionParams = Type.Object({ id: Id, seq: Type.Integer({ minimum: 1, maximum: 10_000 }) });

const NoticeTextIn = Type.Object(
  {
    title: Line(NOTICE_TITLE_MAX),
    body: Text(NOTICE_FIELD_MAX),
    happened: Text(NOTICE_FIELD_MAX, { description: 'What happened (発生事象)' }),
    impact: Text(NOTICE_FIELD_MAX, { description: 'Who and what is affected (影響)' }),
    response: Text(NOTICE_FIELD_MAX, { description: 'What was and will be done (対応)' }),
    contact: Text(NOTICE_FIELD_MAX, { description: 'Where the public asks (問い合わせ先)' }),
  },
  { additionalProperties: false },
);
const NoticeContentIn = Type.Object(
  { ja: NoticeTextIn, en: Type.Optional(NoticeTextIn) },
  {
    additionalProperties: false,
    description:
      'The text the public reads, Japanese first; English when written. Nothing else of the incident is ever published.',
  },
);
const NoticeTextOut = Type.Object({
  title: Type.String(),
  body: Type.String(),
  happened: Type.String(),
  impact: Type.String(),
  response: Type.String(),
  contact: Type.String(),
});
const NoticeContentOut = Type.Object({ ja: NoticeTextOut, en: Type.Optional(NoticeTextOut) });
const Kind = Type.Enum([...NOTICE_KINDS], { description: 'notice (お知らせ) or press (報道発表)' });
const Revision = Type.Integer({
  minimum: 1,
  description: 'The revision read: if it has changed since, 409 notices.stale and nothing changes',
});

export const OpenTrackInput = Type.Object(
  { reason: Text(NOTICE_REASON_MAX, { description: 'Why the public may have to be told' }) },
  { additionalProperties: false },
);
export const DecisionInput = Type.Object(
  {
    revision: Revision,
    decision: Type.Enum(['publish', 'not-needed']),
    reason: Text(NOTICE_REASON_MAX),
  },
  { additionalProperties: false },
);
export const TrackOut = Type.Object({
  incidentId: Type.String(),
  reason: Type.String(),
  openedBy: Type.Union([Type.String(), Type.Null()]),
  openedAt: Type.String(),
  dueAt: Type.String(),
  overdue: Type.Boolean({ description: 'Undecided past its due time' }),
  decision: Type.Union([Type.Enum(['publish', 'not-needed']), Type.Null()]),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  revision: Type.Integer(),
});

export const DraftNoticeInput = Type.Object(
  {
    kind: Kind,
    content: Type.Optional(NoticeContentIn),
  },
  { additionalProperties: false },
);
export const NewVersionInput = Type.Object(
  {
    kind: Type.Enum(['report', 'correction'], {
      description: 'report: the next 第N報; correction: a correction (訂正) of what was published',
    }),
    content: Type.Optional(NoticeContentIn),
  },
  { additionalProperties: false },
);
export const EditVersionInput = Type.Object(
  { revision: Revision, content: NoticeContentIn },
  { additionalProperties: false },
);
export const RevisionInput = Type.Object({ revision: Revision }, { additionalProperties: false });
export const CommentInput = Type.Object(
  { seq: Type.Integer({ minimum: 1, maximum: 10_000 }), body: Text(NOTICE_REASON_MAX) },
  { additionalProperties: false },
);

const VersionOut = Type.Object({
  seq: Type.Integer({ description: '1 for 第1報, 2 for 第2報…' }),
  kind: Type.Enum(['report', 'correction']),
  status: Type.Enum(['draft', 'approved', 'published', 'discarded']),
  content: NoticeContentOut,
  revision: Type.Integer(),
  authorIds: Type.Array(Type.String()),
  approvedBy: Type.Union([Type.String(), Type.Null()]),
  approvedAt: Type.Union([Type.String(), Type.Null()]),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
});
const CommentOut = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  orgId: Type.String(),
  authorId: Type.String(),
  body: Type.String(),
  createdAt: Type.String(),
});
export const NoticeSummaryOut = Type.Object({
  id: Type.String(),
  incidentId: Type.String(),
  kind: Kind,
  status: Type.Enum(['draft', 'published', 'withdrawn']),
  title: Type.String({ description: 'The Japanese title of its latest version' }),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  withdrawnAt: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
});
export const NoticeOut = Type.Object({
  ...NoticeSummaryOut.properties,
  versions: Type.Array(VersionOut),
  comments: Type.Array(CommentOut),
});
export const AccountabilityOut = Type.Object({
  track: TrackOut,
  notices: Type.Array(NoticeSummaryOut),
});
