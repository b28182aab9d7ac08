import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatDate, formatDateTime, formatFiscalYear } from '../format.js';
import type { MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { type AnnualReport, annualApi, annualQueries, exportPath, problemOf } from './annual.api.js';
import { mayDraft } from './roles.js';
import { SectionView } from './SectionView.js';
import { type Bars, TrendPanel } from './TrendPanel.js';

/** The report's trends as bars, in the order of the server's tables (the same numbers as its exports). */
function trendBars(r: AnnualReport, t: ReturnType<typeof useLang>['t']): [string, MessageKey, Bars[]][] {
  const none = t('annual.none');
  const kinds: Record<string, MessageKey> = {
    center: 'annual.kind.center',
    ministry: 'annual.kind.ministry',
    agency: 'annual.kind.agency',
  };
  const tr = r.trends;
  return [
    [
      'month',
      'annual.chart.month',
      tr.byMonth.map((m) => ({ key: m.month, label: m.month, count: m.count })),
    ],
    [
      'category',
      'annual.chart.category',
      tr.byCategory.map((c) => ({ key: c.key ?? '', label: c.key ?? none, count: c.count })),
    ],
    [
      'severity',
      'annual.chart.severity',
      tr.bySeverity.map((c) => ({ key: c.key ?? '', label: c.key ?? none, count: c.count })),
    ],
    [
      'kind',
      'annual.chart.kind',
      tr.byKind.map((k) => ({ key: k.kind, label: t(kinds[k.kind] as MessageKey), count: k.count })),
    ],
    [
      'year',
      'annual.chart.year',
      tr.byYear.map((y) => ({ key: String(y.fiscalYear), label: String(y.fiscalYear), count: y.count })),
    ],
  ];
}

/** One fiscal year's report: trends with their tables, each ministry's evaluation, and the center's steps. */
export function AnnualReportPage({ me, navigate, year }: ScreenProps & { year: number }) {
  const { t, lang } = useLang();
  const client = useQueryClient();
  const { data: r, error } = useLoaded(annualQueries.report(year));
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const act = async (action: () => Promise<unknown>) => {
    setProblem(null);
    setSaved(false);
    try {
      await action();
      // Saved is said once the screen shows what was saved: a next step acts on the revision it shows.
      await client.invalidateQueries({ queryKey: ['annual'] });
      setSaved(true);
    } catch (e) {
      setProblem(problemOf(e));
    }
  };
  const center = mayDraft(me);
  const title = t('annual.report.heading', { year: formatFiscalYear(year, lang) });
  return (
    <section aria-labelledby="annual-report-heading" className="admin annual">
      <p>
        <a href="/annual" onClick={followLink(navigate, '/annual')}>
          {t('annual.report.back')}
        </a>
      </p>
      <h1 id="annual-report-heading">{title}</h1>
      {error ? <p className="error">{t('annual.error', { detail: problemOf(error) })}</p> : null}
      {!r && !error && <p className="muted">{t('common.loading')}</p>}
      <p role="status">{saved ? t('annual.saved') : ''}</p>
      {problem && (
        <p className="error" role="alert">
          {t('annual.error', { detail: problem })}
        </p>
      )}
      {r && (
        <>
          <p className="muted" data-testid="annual-meta">
            {t('annual.report.meta', {
              status: t(r.report.status === 'final' ? 'annual.status.final' : 'annual.status.draft'),
              revision: r.report.revision,
              from: formatDate(r.from, lang),
              to: formatDate(new Date(Date.parse(r.to) - 1).toISOString(), lang),
            })}
            {r.computedAt && (
              <span data-testid="annual-computed-at">
                {t('annual.report.computedAt', { at: formatDateTime(r.computedAt, lang) })}
              </span>
            )}
            {r.report.sha256 && (
              <>
                <br />
                <span className="sha">{t('annual.report.sha', { sha: r.report.sha256 })}</span>
              </>
            )}
          </p>
          {r.scope === 'own-section' && <p>{t('annual.report.ownScope')}</p>}
          <nav aria-label={t('annual.downloads')} className="annual-downloads">
            <ul>
              {(['pdf', 'xlsx', 'csv'] as const).map((f) => (
                <li key={f}>
                  <a href={exportPath(year, f, lang)} download>
                    {t(`annual.download.${f}`)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {(lang === 'ja' ? r.forewordJa : r.forewordEn) && (
            <p className="annual-foreword">{lang === 'ja' ? r.forewordJa : r.forewordEn}</p>
          )}
          <section aria-labelledby="annual-trends-heading">
            <h2 id="annual-trends-heading">{t('annual.trends.heading', { total: r.trends.total })}</h2>
            <p className="muted">{t('annual.trends.intro')}</p>
            <div className="annual-trends">
              {trendBars(r, t).map(([name, key, bars]) => (
                <TrendPanel key={name} name={name} title={t(key)} bars={bars} />
              ))}
            </div>
          </section>
          <section aria-labelledby="annual-sections-heading">
            <h2 id="annual-sections-heading">{t('annual.sections.heading')}</h2>
            {r.sections.map((s) => (
              <SectionView key={s.ministry.id} me={me} report={r} section={s} />
            ))}
          </section>
          {center && r.report.status === 'draft' && <ScoringForm report={r} act={act} />}
          {center && r.report.status === 'draft' && (
            <section aria-labelledby="annual-final-heading" className="annual-final">
              <h2 id="annual-final-heading">{t('annual.final.heading')}</h2>
              <p>{t('annual.final.intro')}</p>
              <button
                type="button"
                onClick={() => {
                  if (window.confirm(t('annual.final.confirm', { year: formatFiscalYear(year, lang) })))
                    void act(() => annualApi.finalize(year, r.report.revision));
                }}
              >
                {t('annual.final.submit')}
              </button>
            </section>
          )}
          {center && r.report.status === 'final' && <SummaryForm report={r} act={act} />}
        </>
      )}
    </section>
  );
}

type Act = (action: () => Promise<unknown>) => Promise<void>;

/** The weights of the percentage indicators and the grades' least scores, saved at the revision read. */
function ScoringForm({ report, act }: { report: AnnualReport; act: Act }) {
  const { t, lang } = useLang();
  const year = report.report.fiscalYear;
  const percent = report.definitions.filter((d) => d.unit === 'percent');
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const weights = Object.fromEntries(percent.map((d) => [d.key, Number(form.get(`w-${d.key}`))]));
    const grades = report.scoring.grades.map((g, i) => ({
      grade: String(form.get(`g-${i}`) ?? g.grade),
      min: Number(form.get(`m-${i}`)),
    }));
    void act(() =>
      annualApi.update(year, { revision: report.report.revision, scoring: { weights, grades } }),
    );
  };
  return (
    <form className="annual-scoring" onSubmit={save} aria-labelledby="annual-scoring-heading">
      <h2 id="annual-scoring-heading">{t('annual.scoring.heading')}</h2>
      <p className="muted">{t('annual.scoring.intro')}</p>
      <div className="annual-scoring-grid">
        {percent.map((d) => (
          <p key={d.key}>
            <label htmlFor={`annual-w-${d.key}`}>
              {t('annual.scoring.weight', { indicator: d[lang].name })}
            </label>
            <input
              id={`annual-w-${d.key}`}
              name={`w-${d.key}`}
              type="number"
              min={0}
              max={100}
              step={1}
              required
              defaultValue={report.scoring.weights[d.key] ?? 0}
            />
          </p>
        ))}
        {report.scoring.grades.map((g, i) => (
          <p key={g.grade}>
            <label htmlFor={`annual-g-${i}`}>{t('annual.scoring.grade', { n: i + 1 })}</label>
            <input id={`annual-g-${i}`} name={`g-${i}`} required maxLength={4} defaultValue={g.grade} />
            <label htmlFor={`annual-m-${i}`}>{t('annual.scoring.min', { n: i + 1 })}</label>
            <input
              id={`annual-m-${i}`}
              name={`m-${i}`}
              type="number"
              min={0}
              max={100}
              step="any"
              required
              defaultValue={g.min}
            />
          </p>
        ))}
      </div>
      <button type="submit">{t('annual.scoring.submit')}</button>
    </form>
  );
}

/** The public summary of a final report: publish it with a text, or withdraw it. */
function SummaryForm({ report, act }: { report: AnnualReport; act: Act }) {
  const { t, lang } = useLang();
  const year = report.report.fiscalYear;
  const s = report.publicSummary;
  const publish = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const textEn = String(form.get('textEn') ?? '').trim();
    void act(() =>
      annualApi.publish(year, { textJa: String(form.get('textJa') ?? ''), ...(textEn ? { textEn } : {}) }),
    );
  };
  return (
    <section aria-labelledby="annual-summary-heading" className="annual-summary">
      <h2 id="annual-summary-heading">{t('annual.summary.heading')}</h2>
      <p className="muted">{t('annual.summary.intro')}</p>
      {s === null && (
        <form onSubmit={publish}>
          <label htmlFor="annual-summary-ja">{t('annual.summary.textJa')}</label>
          <textarea id="annual-summary-ja" name="textJa" rows={4} maxLength={20000} required />
          <label htmlFor="annual-summary-en">{t('annual.summary.textEn')}</label>
          <textarea id="annual-summary-en" name="textEn" rows={4} maxLength={20000} />
          <button type="submit">{t('annual.summary.submit')}</button>
        </form>
      )}
      {s && (
        <>
          <p data-testid="annual-summary-state">
            {s.withdrawnAt
              ? t('annual.summary.withdrawn', { at: formatDateTime(s.withdrawnAt, lang) })
              : t('annual.summary.published', { at: formatDateTime(s.publishedAt, lang) })}{' '}
            <a href={`/public/annual/${year}`}>{t('annual.summary.link')}</a>
          </p>
          {!s.withdrawnAt && (
            <button type="button" onClick={() => void act(() => annualApi.withdraw(year))}>
              {t('annual.summary.withdraw')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
