// The indicators of a ministry's evaluation, each with the definition printed beside it in the report, and how
// a scoring turns them into a grade. Plain data (the web app shows the same
// definitions), and how a value is made from the figures read.

import type { BodyCoverage } from '../policies/policies.reads.js';

export const INDICATOR_KEYS = [
  'incidents',
  'detectToReportMedian',
  'detectToReportP90',
  'reportToCenterMedian',
  'reportToCenterP90',
  'quickReportOnTime',
  'finalReportsCompleted',
  'deadlineOutcomes',
  'deadlineLateMedian',
  'deadlineOpen',
  'accountabilityOnTime',
  'policyClause',
  'contactStructureConfirmed',
  'communicationCheckAckMedian',
  'exerciseParticipation',
  'exerciseAckMedian',
  'exerciseRollCallMedian',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

/** minutes, a percentage (0–100), or a count. */
export type IndicatorUnit = 'count' | 'minutes' | 'percent';

export interface IndicatorDefinition {
  unit: IndicatorUnit;
  ja: { name: string; definition: string };
  en: { name: string; definition: string };
}

const PERCENTILE_JA = '（最近順位法：小さい順に並べて ⌈p·n⌉ 番目の値）';
const PERCENTILE_EN = ' (nearest rank: the ⌈p·n⌉-th value in ascending order)';

export const INDICATORS: Record<IndicatorKey, IndicatorDefinition> = {
  incidents: {
    unit: 'count',
    ja: {
      name: '事案数',
      definition: '年度内に速報された事案のうちセンターに届いたもの（府省庁と所管独法等の合計、訓練を除く）',
    },
    en: {
      name: 'Incidents',
      definition:
        'Incidents quick-reported in the fiscal year and delivered to the center (the ministry and its agencies; exercises excluded)',
    },
  },
  detectToReportMedian: {
    unit: 'minutes',
    ja: { name: '検知→速報（中央値）', definition: `検知時刻から速報時刻までの分の中央値${PERCENTILE_JA}` },
    en: {
      name: 'Detection → report (median)',
      definition: `Median minutes from detection to the quick report${PERCENTILE_EN}`,
    },
  },
  detectToReportP90: {
    unit: 'minutes',
    ja: {
      name: '検知→速報（90パーセンタイル）',
      definition: `検知時刻から速報時刻までの分の90パーセンタイル${PERCENTILE_JA}`,
    },
    en: {
      name: 'Detection → report (p90)',
      definition: `90th percentile of minutes from detection to the quick report${PERCENTILE_EN}`,
    },
  },
  reportToCenterMedian: {
    unit: 'minutes',
    ja: {
      name: '速報→センター着（中央値）',
      definition: `速報時刻からセンター到達時刻までの分の中央値${PERCENTILE_JA}`,
    },
    en: {
      name: 'Report → center (median)',
      definition: `Median minutes from the quick report to its arrival at the center${PERCENTILE_EN}`,
    },
  },
  reportToCenterP90: {
    unit: 'minutes',
    ja: {
      name: '速報→センター着（90パーセンタイル）',
      definition: `速報時刻からセンター到達時刻までの分の90パーセンタイル${PERCENTILE_JA}`,
    },
    en: {
      name: 'Report → center (p90)',
      definition: `90th percentile of minutes from the quick report to its arrival at the center${PERCENTILE_EN}`,
    },
  },
  quickReportOnTime: {
    unit: 'percent',
    ja: {
      name: '速報の目標時間内率',
      definition: '速報時刻が速報目標期限（検知時刻＋目標分）以内だった事案の割合',
    },
    en: {
      name: 'Quick reports within target',
      definition: 'Share of incidents whose quick report came by its target (detection + the target minutes)',
    },
  },
  finalReportsCompleted: {
    unit: 'percent',
    ja: { name: '確報完了率', definition: '確報が提出された事案の割合' },
    en: { name: 'Final reports completed', definition: 'Share of incidents with a final report' },
  },
  deadlineOutcomes: {
    unit: 'percent',
    ja: {
      name: '期限プロファイルの期限内率',
      definition:
        '年度内に期限が来た、適用された期限プロファイルの時計（速報目標を含む。影響評価のある事案）のうち、期限までに満たされたものの割合。未達のものは期限内に数えない',
    },
    en: {
      name: 'Deadline-profile clocks on time',
      definition:
        'Of the clocks of applying deadline profiles due in the fiscal year (the quick-report target included; assessed incidents), the share met by their due time; those not met count as not on time',
    },
  },
  deadlineLateMedian: {
    unit: 'minutes',
    ja: {
      name: '期限超過の時間（中央値）',
      definition: `年度内に期限が来て期限後に満たされた時計の、期限から満たされるまでの分（切り上げ）の中央値${PERCENTILE_JA}`,
    },
    en: {
      name: 'Lateness of late clocks (median)',
      definition: `Median minutes (rounded up) from the due time to the report that met it, over the clocks due in the fiscal year and met late${PERCENTILE_EN}`,
    },
  },
  deadlineOpen: {
    unit: 'count',
    ja: {
      name: '未達の時計',
      definition: '年度内に期限が来た時計のうち、集計時点でまだ満たされていないものの数',
    },
    en: {
      name: 'Clocks not met',
      definition: 'Clocks due in the fiscal year that were not met when the numbers were drawn',
    },
  },
  accountabilityOnTime: {
    unit: 'percent',
    ja: {
      name: '説明責任の判断の期限内率',
      definition: '年度内に期限が来た公表要否の判断のうち期限までに記録されたものの割合',
    },
    en: {
      name: 'Accountability decisions on time',
      definition:
        'Share of public-explanation decisions due in the fiscal year that were recorded by their due time',
    },
  },
  policyClause: {
    unit: 'percent',
    ja: {
      name: 'ポリシーへの記載',
      definition: '府省庁と所管独法等のうち、報告義務の記載が確認されている機関の割合',
    },
    en: {
      name: 'Policy clause confirmed',
      definition:
        'Share of the ministry and its agencies whose policy is confirmed to contain the reporting clause',
    },
  },
  contactStructureConfirmed: {
    unit: 'percent',
    ja: {
      name: '連絡体制の確認率',
      definition: '年度内の連絡体制確認キャンペーンで求められた確認のうち確認されたものの割合',
    },
    en: {
      name: 'Contact structure confirmed',
      definition:
        "Share of the confirmations asked by the fiscal year's contact-structure campaigns that were given",
    },
  },
  communicationCheckAckMedian: {
    unit: 'minutes',
    ja: {
      name: '通信確認の応答時間（中央値）',
      definition: `年度内の通信確認で送信から受領確認までの分の中央値（未応答は除く）${PERCENTILE_JA}`,
    },
    en: {
      name: 'Communication-check acknowledgment (median)',
      definition: `Median minutes from sending to acknowledgment in the fiscal year's communication checks (unanswered left out)${PERCENTILE_EN}`,
    },
  },
  exerciseParticipation: {
    unit: 'count',
    ja: {
      name: '訓練への参加',
      definition: '年度内に終了した訓練のうち府省庁または所管独法等が参加したもの（事態の対象になった）の数',
    },
    en: {
      name: 'Exercise participation',
      definition:
        'Exercises ended in the fiscal year in which the ministry or one of its agencies took part (was in scope of a situation)',
    },
  },
  exerciseAckMedian: {
    unit: 'minutes',
    ja: {
      name: '訓練：宣言の受領確認（中央値）',
      definition: `年度内に終了した訓練で、事態の宣言から府省庁・所管独法等の受領確認までの分の中央値（一時停止の時間を除く、未確認は除く）${PERCENTILE_JA}`,
    },
    en: {
      name: 'Exercises: declaration acknowledged (median)',
      definition: `Median minutes from a situation's declaration to the acknowledgment by the ministry or its agencies, in the exercises ended in the fiscal year (pauses left out, unacknowledged left out)${PERCENTILE_EN}`,
    },
  },
  exerciseRollCallMedian: {
    unit: 'minutes',
    ja: {
      name: '訓練：被害状況の報告（中央値）',
      definition: `年度内に終了した訓練で、事態の宣言から府省庁・所管独法等の最初の報告（点呼への回答）までの分の中央値（一時停止の時間を除く、未報告は除く）${PERCENTILE_JA}`,
    },
    en: {
      name: 'Exercises: first report (median)',
      definition: `Median minutes from a situation's declaration to the first report (roll-call answer) of the ministry or its agencies, in the exercises ended in the fiscal year (pauses left out, unanswered left out)${PERCENTILE_EN}`,
    },
  },
};

/** One indicator of one section: its value, or why it has none. */
export interface IndicatorValue {
  key: IndicatorKey;
  value: number | null;
  /** How many observations the value is over (incidents, decisions, confirmations, acknowledgments). */
  basis: number;
  /** Why there is no value (not available, or nothing to measure). */
  reason: string | null;
}

/** A value not available at all, with the reason printed. */
export const notAvailable = (key: IndicatorKey, reason: string): IndicatorValue => ({
  key,
  value: null,
  basis: 0,
  reason,
});

/** A share in percent, rounded to 0.1; none when nothing was measured. */
export function share(key: IndicatorKey, part: number, whole: number): IndicatorValue {
  if (whole === 0) return { key, value: null, basis: 0, reason: 'nothing to measure' };
  return { key, value: Math.round((part / whole) * 1000) / 10, basis: whole, reason: null };
}

/** The nearest-rank median of numbers (ascending order taken here). */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.5 * sorted.length) - 1];
}

/** The nearest-rank median of values counted by value ([value, how many]). */
export function medianOfCounted(counted: readonly [number, number][]): number | undefined {
  const n = counted.reduce((k, [, c]) => k + c, 0);
  if (n === 0) return undefined;
  const rank = Math.ceil(0.5 * n);
  let seen = 0;
  for (const [v, c] of [...counted].sort((a, b) => a[0] - b[0])) {
    seen += c;
    if (seen >= rank) return v;
  }
  return undefined;
}

/**
 * The policy clause confirmed (issue 15 point 4): of the ministry and its agencies, those whose clause record in
 * force by the fiscal year's end is confirmed (the register's coverage).
 */
export function policyClauseIndicator(
  bodies: ReadonlySet<string>,
  coverage: ReadonlyMap<string, BodyCoverage>,
): IndicatorValue {
  const confirmed = [...bodies].filter((id) => coverage.get(id)?.clauseConfirmedAt).length;
  return share('policyClause', confirmed, bodies.size);
}
