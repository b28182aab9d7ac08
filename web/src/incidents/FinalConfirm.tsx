import { useEffect, useRef } from 'react';
import type { IncidentDetail } from '../api.js';
import { useLang } from '../lang.js';
import { categoryLabel } from '../report/rsit.js';
import type { FollowUpValues } from './followUpValues.js';

/**
 * Asks before a final report (確報) is filed, naming the incident it closes and the values it makes final.
 * Its heading takes the focus when it opens; going back returns it to the form's submit button.
 */
export function FinalConfirm({
  detail,
  values,
  busy,
  onConfirm,
  onBack,
}: {
  detail: IncidentDetail;
  values: FollowUpValues;
  busy: boolean;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const { t } = useLang();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const rows: [string, string][] = [
    [
      t('detail.severity'),
      values.severity ? t(`severity.${values.severity}` as 'severity.low') : t('common.none'),
    ],
    [t('detail.category'), values.category ? categoryLabel(t, values.category) : t('common.none')],
    [
      t('report.personalData'),
      values.personalData ? t(`report.personalData.${values.personalData}`) : t('common.none'),
    ],
    [t('detail.responseStatus'), values.responseStatus || t('common.none')],
    [t('detail.cause'), values.cause || t('common.none')],
    [t('detail.nextSteps'), values.nextSteps || t('common.none')],
  ];
  return (
    <section className="card final-confirm" aria-labelledby="final-confirm-heading">
      <h3 id="final-confirm-heading" tabIndex={-1} ref={heading}>
        {t('detail.final.heading')}
      </h3>
      <p>{t('detail.final.closes', { number: detail.number, title: detail.title })}</p>
      <dl className="facts" data-testid="final-summary">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className="text">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="actions">
        <button type="button" className="primary" disabled={busy} onClick={onConfirm}>
          {busy ? t('detail.followUp.submitting') : t('detail.final.confirm')}
        </button>{' '}
        <button type="button" disabled={busy} onClick={onBack}>
          {t('detail.final.back')}
        </button>
      </p>
    </section>
  );
}
