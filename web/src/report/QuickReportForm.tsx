import { type FormEvent, useRef, useState } from 'react';
import { RSIT } from '../../../src/features/incidents/taxonomy.js';
import { SEVERITIES, TLPS } from '../../../src/features/incidents/vocabulary.js';
import { ApiError, api, newIdempotencyKey, type QuickReport } from '../api.js';
import { localDateTimeValue } from '../format.js';
import { useLang } from '../lang.js';
import { incidentPath } from '../router.js';
import type { ScreenProps } from '../screen.js';

/**
 * The quick report (速報): only what is needed to raise the alarm up front — title, summary, when it was
 * detected — and the rest folded away, so that a report from a phone takes under a minute.
 */
export function QuickReportForm({ navigate }: ScreenProps) {
  const { t } = useLang();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [detectedAt, setDetectedAt] = useState(() => localDateTimeValue(new Date()));
  const [severity, setSeverity] = useState('');
  const [category, setCategory] = useState('');
  const [tlp, setTlp] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One key per report being written: a double submit or a retry after a lost answer files it once.
  const idempotencyKey = useRef(newIdempotencyKey());

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const report: QuickReport = {
      title: title.trim(),
      summary: summary.trim(),
      detectedAt: new Date(detectedAt).toISOString(),
      ...(severity ? { severity } : {}),
      ...(category ? { category } : {}),
      ...(tlp ? { tlp } : {}),
    };
    try {
      const incident = await api.fileQuickReport(report, idempotencyKey.current);
      navigate(incidentPath(incident.id), 'report.filed');
    } catch (e) {
      setError(t('common.error', { code: e instanceof ApiError ? e.code : 'network' }));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="report-heading">
      <h1 id="report-heading">{t('report.heading')}</h1>
      <p className="muted">{t('report.intro')}</p>
      <form className="card form" onSubmit={submit}>
        <label htmlFor="report-title">{t('report.title')}</label>
        <input
          id="report-title"
          required
          maxLength={200}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <label htmlFor="report-summary">{t('report.summary')}</label>
        <textarea
          id="report-summary"
          required
          rows={5}
          maxLength={20_000}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
        />
        <label htmlFor="report-detected">{t('report.detectedAt')}</label>
        <input
          id="report-detected"
          type="datetime-local"
          required
          value={detectedAt}
          max={localDateTimeValue(new Date(Date.now() + 5 * 60_000))}
          onChange={(e) => setDetectedAt(e.target.value)}
        />
        <details className="optional">
          <summary>{t('report.optional')}</summary>
          <label htmlFor="report-severity">{t('report.severity')}</label>
          <select id="report-severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <option value="">{t('report.unset')}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </select>
          <label htmlFor="report-category">{t('report.category')}</label>
          <select id="report-category" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t('report.unset')}</option>
            {Object.entries(RSIT).map(([group, types]) => (
              <optgroup key={group} label={group}>
                {types.map((type) => (
                  <option key={type} value={`${group}/${type}`}>
                    {`${group}/${type}`}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <label htmlFor="report-tlp">{t('report.tlp')}</label>
          <select id="report-tlp" value={tlp} onChange={(e) => setTlp(e.target.value)}>
            <option value="">{t('report.unset')}</option>
            {TLPS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </details>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('report.submitting') : t('report.submit')}
        </button>
      </form>
    </section>
  );
}
