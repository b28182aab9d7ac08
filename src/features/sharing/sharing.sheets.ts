import type { Actor } from '../../platform/access/roles.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { type ExportOptions, localTime, type Sheet } from '../../platform/export/sheets.js';
import { shareContext } from './sharing.context.js';
import type { SharingDeps } from './sharing.deps.js';
import { shareErrors } from './sharing.errors.js';
import { presentShare } from './sharing.presenter.js';
import { sharesRepository } from './sharing.repository.js';
import { viewOf } from './sharing.visibility.js';

// A share as a reader takes it away (XLSX or CSV): its terms and text, its indicators and its mitigations,
// exactly as the share page presents it to this reader. A recipient's export says nothing of sources or other
// recipients, because its presented share does not; a retraction notice has no content to export.

/** Reads a share to export it, as the caller sees it; audited with its format and view. */
export async function exportShare(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  format: string;
  deps: SharingDeps;
}) {
  const { unit, actor, id, deps } = args;
  const share = await sharesRepository.byId(unit.tx, id);
  const view = await viewOf(unit.tx, actor, share);
  if (!share || !view || view === 'retracted') throw shareErrors.notFound();
  const now = deps.clock.now();
  await deps.audit.append(
    unit,
    audited(actor, 'share.export', 'share', id, { format: args.format, view }),
    now,
  );
  return presentShare(
    share,
    await shareContext(unit.tx, actor, [share], new Map([[id, view]]), now, deps.incidentNumberPrefix),
  );
}

const LABELS = {
  ja: {
    share: '情報共有',
    indicators: '指標',
    mitigations: '対策',
    field: '項目',
    value: '内容',
    id: 'ID',
    kind: '種別',
    status: '状態',
    title: '件名',
    body: '本文',
    publishedAt: '公開日時',
    updatedAt: '更新日時',
    sources: '元の事案',
    sourceNumbers: '元の事案の番号',
    recipients: '受信組織',
    type: '種類',
    description: '説明',
    seq: '番号',
    mitigation: '対策',
    words: {
      share: '情報共有',
      advisory: '注意喚起',
      draft: '下書き',
      'awaiting-consent': '同意待ち',
      approved: '承認済み',
      published: '公開済み',
      withdrawn: '取り下げ',
      rejected: '不同意',
    },
  },
  en: {
    share: 'Share',
    indicators: 'Indicators',
    mitigations: 'Mitigations',
    field: 'Field',
    value: 'Value',
    id: 'ID',
    kind: 'Kind',
    status: 'Status',
    title: 'Title',
    body: 'Text',
    publishedAt: 'Published',
    updatedAt: 'Updated',
    sources: 'Source incidents',
    sourceNumbers: 'Source incident numbers',
    recipients: 'Recipient bodies',
    type: 'Type',
    description: 'Description',
    seq: 'No.',
    mitigation: 'Mitigation',
    words: {
      share: 'Share',
      advisory: 'Advisory',
      draft: 'Draft',
      'awaiting-consent': 'Awaiting consent',
      approved: 'Approved',
      published: 'Published',
      withdrawn: 'Withdrawn',
      rejected: 'Rejected',
    },
  },
} as const;

type Presented = ReturnType<typeof presentShare>;

/** The share's sheets: its facts, its indicators, its mitigations. */
export function shareSheets(
  s: Presented,
  { lang, timeZone }: Pick<ExportOptions, 'lang' | 'timeZone'>,
): Sheet[] {
  const l = LABELS[lang];
  const words: Record<string, string> = l.words;
  const facts: [string, string | null][] = [
    [l.id, s.id],
    [l.kind, words[s.kind] ?? s.kind],
    [l.status, words[s.status] ?? s.status],
    ['TLP', s.tlp],
    [l.title, s.title],
    [l.body, s.body],
    [l.publishedAt, localTime(s.publishedAt, timeZone)],
    [l.updatedAt, localTime(s.updatedAt, timeZone)],
  ];
  // Sources and recipients are in the presented share only for those who manage it, each source by its number
  // where the reader's body reads it; a recipient gets the numbers of the sources its own body reads, no more.
  if ('sources' in s)
    facts.push([
      l.sources,
      s.sources.map((x) => [x.number, `${x.orgSlug}: ${x.title}`].filter(Boolean).join(' ')).join('\n'),
    ]);
  else if ('sourceIncidents' in s && s.sourceIncidents.length > 0)
    facts.push([l.sourceNumbers, s.sourceIncidents.map((x) => x.number).join('\n')]);
  if ('recipients' in s)
    facts.push([
      l.recipients,
      s.recipients.orgs.map((o) => (lang === 'ja' ? o.nameJa : o.nameEn)).join('\n'),
    ]);
  return [
    { name: l.share, header: [l.field, l.value], rows: facts },
    {
      name: l.indicators,
      header: [l.type, l.value, l.description],
      rows: s.indicators.map((i) => [i.type, i.value, i.description ?? null]),
    },
    { name: l.mitigations, header: [l.seq, l.mitigation], rows: s.mitigations.map((m, i) => [i + 1, m]) },
  ];
}
