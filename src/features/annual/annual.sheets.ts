import type { Sheet } from '../../platform/export/sheets.js';
import { INDICATORS } from './annual.indicators.js';
import type { AnnualContent } from './annual.usecases.js';

type Lang = 'ja' | 'en';

const L = {
  ja: {
    month: ['月', '事案数'],
    category: ['分類', '事案数'],
    severity: ['深刻度', '事案数'],
    kind: ['機関の種別', '事案数'],
    year: ['年度', '事案数'],
    evaluation: ['府省庁', '指標', '値', '単位', '母数', '値がない理由'],
    scores: ['府省庁', '点数', '評価', '算式'],
    definitions: ['指標', '定義'],
    names: ['月別', '分類別', '深刻度別', '機関種別', '年度比較', '府省庁別評価', '評価点', '指標の定義'],
    none: '（なし）',
    kinds: { center: 'センター', ministry: '府省庁', agency: '独立行政法人等' },
    units: { count: '件', minutes: '分', percent: '%' },
  },
  en: {
    month: ['Month', 'Incidents'],
    category: ['Category', 'Incidents'],
    severity: ['Severity', 'Incidents'],
    kind: ['Kind of body', 'Incidents'],
    year: ['Fiscal year', 'Incidents'],
    evaluation: ['Ministry', 'Indicator', 'Value', 'Unit', 'Basis', 'Why no value'],
    scores: ['Ministry', 'Score', 'Grade', 'Formula'],
    definitions: ['Indicator', 'Definition'],
    names: [
      'By month',
      'By category',
      'By severity',
      'By kind of body',
      'Years compared',
      'Evaluation',
      'Scores',
      'Definitions',
    ],
    none: '(none)',
    kinds: { center: 'Center', ministry: 'Ministry', agency: 'Agency' },
    units: { count: 'count', minutes: 'minutes', percent: '%' },
  },
} as const;

/** The report's tables, one sheet each, in the reader's language: the same numbers as the web view. */
export function annualSheets(c: AnnualContent, lang: Lang): Sheet[] {
  const l = L[lang];
  const t = c.numbers.trends;
  const name = (s: { ministry: { nameJa: string; nameEn: string } }) =>
    lang === 'ja' ? s.ministry.nameJa : s.ministry.nameEn;
  const [month, category, severity, kind, year, evaluation, scores, definitions] = l.names;
  return [
    { name: month, header: [...l.month], rows: t.byMonth.map((m) => [m.month, m.count]) },
    { name: category, header: [...l.category], rows: t.byCategory.map((x) => [x.key ?? l.none, x.count]) },
    { name: severity, header: [...l.severity], rows: t.bySeverity.map((x) => [x.key ?? l.none, x.count]) },
    { name: kind, header: [...l.kind], rows: t.byKind.map((x) => [l.kinds[x.kind], x.count]) },
    { name: year, header: [...l.year], rows: t.byYear.map((y) => [y.fiscalYear, y.count]) },
    {
      name: evaluation,
      header: [...l.evaluation],
      rows: c.numbers.sections.flatMap((s) =>
        s.indicators.map((i) => [
          name(s),
          INDICATORS[i.key][lang].name,
          i.value,
          l.units[INDICATORS[i.key].unit],
          i.basis,
          i.reason ?? '',
        ]),
      ),
    },
    {
      name: scores,
      header: [...l.scores],
      rows: c.numbers.sections.map((s) => [name(s), s.score.points, s.score.grade ?? '', s.score.formula]),
    },
    {
      name: definitions,
      header: [...l.definitions],
      rows: Object.values(INDICATORS).map((d) => [d[lang].name, d[lang].definition]),
    },
  ] as Sheet[];
}
