import { localTime, type Sheet } from '../../platform/export/sheets.js';
import type { Board } from './situations.board.js';

// The board as a spreadsheet takes it away: one row a body, exactly what the board shows this reader.

const LABELS = {
  ja: {
    sheet: '被害状況の確認',
    header: [
      '府省庁',
      '組織',
      '種別',
      '回答',
      '回答日時',
      '版',
      '回答者',
      '回答した組織',
      '代理回答',
      '事案ID',
      '事案番号',
      'メモ',
      '宣言の確認日時',
      'エスカレーション',
      '要請（未完了）',
      '要請（期限超過）',
      '要請（完了）',
    ],
    status: { none: '被害なし', investigating: '調査中', affected: '被害あり', unanswered: '未回答' },
    kind: { ministry: '府省庁', agency: '独立行政法人等', center: 'センター' } as Record<string, string>,
    yes: 'あり',
    no: '',
  },
  en: {
    sheet: 'Roll-call',
    header: [
      'Ministry',
      'Body',
      'Kind',
      'Answer',
      'Answered at',
      'Revision',
      'Answered by',
      'Answering body',
      'On behalf',
      'Incident id',
      'Incident number',
      'Note',
      'Declaration acknowledged at',
      'Escalated',
      'Requests open',
      'Requests overdue',
      'Requests done',
    ],
    status: { none: 'None', investigating: 'Investigating', affected: 'Affected', unanswered: 'Unanswered' },
    kind: { ministry: 'Ministry', agency: 'Agency', center: 'Center' } as Record<string, string>,
    yes: 'yes',
    no: '',
  },
};

/** The board's rows as one sheet, in the reader's language and time zone. */
export function boardSheet(board: Board, o: { lang: 'ja' | 'en'; timeZone: string }): Sheet {
  const l = LABELS[o.lang];
  return {
    name: l.sheet,
    header: l.header,
    rows: board.rows.map((r) => {
      const a = r.answer;
      return [
        r.ministry.name,
        r.body.name,
        l.kind[r.body.kind] ?? r.body.kind,
        l.status[a?.row.status ?? 'unanswered'],
        localTime(a?.row.answered_at, o.timeZone),
        a ? a.row.revision : null,
        a?.answeredByName ?? '',
        a?.answeredByOrg.name ?? '',
        a && a.row.answered_by_org !== a.row.org_id ? l.yes : l.no,
        a?.row.incident_id ?? '',
        a?.incident?.number ?? '',
        a?.row.note ?? '',
        localTime(r.notice.acknowledgedAt, o.timeZone),
        r.notice.escalated ? l.yes : l.no,
        r.requests.open,
        r.requests.overdue,
        r.requests.done,
      ];
    }),
  };
}
