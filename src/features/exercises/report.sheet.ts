import { localTime, type Sheet } from '../../platform/export/sheets.js';
import type { Stats, Timing } from './report.figures.js';
import type { ReportView } from './report.js';

// The exercise report taken away: one row a body and situation with its timings against the targets, then the
// figures per measure and per ministry — what the report page shows this reader, in its language and time zone.

const LABELS = {
  ja: {
    rows: '組織別の所要時間',
    header: [
      '事態番号',
      '府省庁',
      '組織',
      '宣言の確認日時',
      '宣言の確認まで（秒）',
      '宣言の確認の目標内',
      '宣言の確認なし',
      '初回回答日時',
      '回答まで（秒）',
      '回答の目標内',
      '回答なし',
      '代理回答',
    ],
    figures: '集計',
    figuresHeader: [
      '対象',
      '指標',
      '組織数',
      '実施',
      '未実施',
      '目標超過',
      '中央値（秒）',
      '90パーセンタイル（秒）',
    ],
    all: '全体',
    own: '（府省庁自身）',
    agencies: '（所管法人等）',
    measure: {
      ackDeclaration: '宣言の確認',
      answerRollCall: '被害状況の回答',
      ackRequest: '要請の受領',
      completeRequest: '要請の完了',
    },
    requests: '要請別の所要時間',
    requestHeader: [
      '事態番号',
      '要請番号',
      '要請',
      '府省庁',
      '組織',
      '受領日時',
      '受領まで（秒）',
      '受領の目標内',
      '受領なし',
      '完了日時',
      '完了まで（秒）',
      '完了の目標内',
      '完了なし',
      '取り下げ日時',
      '取り下げた人',
    ],
    yes: 'はい',
    no: 'いいえ',
  },
  en: {
    rows: 'Timings per body',
    header: [
      'Situation',
      'Ministry',
      'Body',
      'Declaration acknowledged at',
      'Seconds to acknowledge',
      'Acknowledged within target',
      'Acknowledgment missed',
      'First answer at',
      'Seconds to answer',
      'Answered within target',
      'Answer missed',
      'Answered on behalf',
    ],
    figures: 'Figures',
    figuresHeader: ['Of', 'Measure', 'Bodies', 'Done', 'Missed', 'Late', 'Median (s)', 'p90 (s)'],
    all: 'All',
    own: '(the ministry itself)',
    agencies: '(its agencies)',
    measure: {
      ackDeclaration: 'Acknowledge the declaration',
      answerRollCall: 'Answer the roll-call',
      ackRequest: 'Acknowledge a request',
      completeRequest: 'Complete a request',
    },
    requests: 'Timings per request',
    requestHeader: [
      'Situation',
      'Request',
      'Title',
      'Ministry',
      'Body',
      'Acknowledged at',
      'Seconds to acknowledge',
      'Acknowledged within target',
      'Acknowledgment missed',
      'Completed at',
      'Seconds to complete',
      'Completed within target',
      'Completion missed',
      'Withdrawn at',
      'Withdrawn by',
    ],
    yes: 'yes',
    no: 'no',
  },
};

/** The report as two sheets, in the reader's language and time zone. */
export function reportSheets(view: ReportView, o: { lang: 'ja' | 'en'; timeZone: string }): Sheet[] {
  const l = LABELS[o.lang];
  const flag = (b: boolean | null) => (b === null ? '' : b ? l.yes : l.no);
  const numbers = new Map(view.facts.situations.map((s) => [s.id, s.number]));
  const cells = (t: Timing) => [localTime(t.at, o.timeZone), t.seconds, flag(t.met), t.missed ? l.yes : ''];
  const stats = (of: string, m: keyof typeof l.measure, s: Stats) => [
    of,
    l.measure[m],
    s.bodies,
    s.done,
    s.missed,
    s.late,
    s.median,
    s.p90,
  ];
  const measures = ['ackDeclaration', 'answerRollCall'] as const;
  const requestMeasures = ['ackRequest', 'completeRequest'] as const;
  const requests = view.figures.requests;
  return [
    {
      name: l.rows,
      header: l.header,
      rows: view.facts.rows.map((r) => [
        numbers.get(r.situationId) ?? '',
        r.ministry.name,
        r.org.name,
        ...cells(r.ackDeclaration),
        ...cells(r.answerRollCall),
        r.answerRollCall.onBehalf ? l.yes : '',
      ]),
    },
    {
      name: l.figures,
      header: l.figuresHeader,
      rows: [
        ...measures.map((m) => stats(l.all, m, view.figures.measures[m])),
        ...view.figures.byMinistry.flatMap((b) =>
          measures.flatMap((m) => [
            stats(`${b.ministry.name}${l.own}`, m, b.own[m]),
            stats(`${b.ministry.name}${l.agencies}`, m, b.agencies[m]),
          ]),
        ),
        ...requestMeasures.map((m) => stats(l.all, m, requests.measures[m])),
        ...requests.byMinistry.flatMap((b) =>
          requestMeasures.map((m) => stats(b.ministry.name, m, b.measures[m])),
        ),
      ],
    },
    {
      name: l.requests,
      header: l.requestHeader,
      rows: view.facts.rows.flatMap((r) =>
        (r.requests ?? []).map((q) => [
          numbers.get(r.situationId) ?? '',
          q.number,
          q.title,
          r.ministry.name,
          r.org.name,
          ...cells(q.acknowledge),
          ...cells(q.complete),
          localTime(q.withdrawn?.at ?? null, o.timeZone),
          q.withdrawn?.by ?? '',
        ]),
      ),
    },
  ];
}
