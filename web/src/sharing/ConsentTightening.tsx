import { useLang } from '../lang.js';
import type { Tightening } from './sharing.api.js';

const shown = (v: string | string[], none: string) =>
  Array.isArray(v) ? (v.length === 0 ? none : v.join('、')) : v === '' ? none : v;

/**
 * 承認（条件を厳格化）: how the answering body tightened what the center asked, field by field, as the server
 * computed it — what was asked and what was granted.
 */
export function ConsentTightening({ tightened }: { tightened: readonly Tightening[] }) {
  const { t } = useLang();
  if (tightened.length === 0) return null;
  return (
    <div className="consent-tightening">
      <p>
        <span className="badge tightened">{t('share.tightened.label')}</span>
      </p>
      <ul className="plain-list">
        {tightened.map((x) => (
          <li key={x.field}>
            {t('share.tightened.item', {
              field: t(`share.tightened.field.${x.field}`),
              asked: shown(x.asked, t('common.none')),
              granted: shown(x.granted, t('common.none')),
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}
