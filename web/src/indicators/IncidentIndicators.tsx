import type { IncidentDetail } from '../api.js';
import { useLang } from '../lang.js';
import type { IndicatorType } from './indicators.api.js';
import './indicators.css';

/** The indicators of every report of an incident, in report order, in the form people read. */
export function IncidentIndicators({
  detail,
  correlated,
}: {
  detail: IncidentDetail;
  /** How many incidents the viewer reads share each value (`type value`): a badge beside it. */
  correlated?: ReadonlyMap<string, number>;
}) {
  const { t } = useLang();
  const items = detail.indicators;
  return (
    <section aria-labelledby="indicators-heading" className="incident-indicators">
      <h2 id="indicators-heading">{t('indicators.listHeading')}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('indicators.listEmpty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('indicators.type')}</th>
              <th scope="col">{t('indicators.value')}</th>
              <th scope="col">{t('indicators.note')}</th>
              <th scope="col">{t('indicators.report')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={`${i.reportSeq} ${i.type} ${i.value}`}>
                <td>{t(`indicators.type.${i.type as IndicatorType}`)}</td>
                <td>
                  <code title={i.value === i.display ? undefined : i.value}>{i.display}</code>
                  {correlated?.has(`${i.type} ${i.value}`) && (
                    <span className="badge correlation-badge">
                      {t('correlation.badge', { n: correlated.get(`${i.type} ${i.value}`) ?? 0 })}
                    </span>
                  )}
                  {i.warningLists.length > 0 && (
                    <span className="warninglist-flag">
                      {t('indicators.warningListed', { names: i.warningLists.join('、') })}
                    </span>
                  )}
                </td>
                <td>{i.note ?? ''}</td>
                <td>{t('indicators.reportSeq', { n: i.reportSeq })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
