import { useLang } from '../lang.js';
import { orgQueries } from '../orgs.queries.js';
import { useLoaded } from '../queries.js';
import { amberAdds, type TreeOrg } from './amberClients.js';
import { BlackOutText } from './BlackOutText.js';
import { KeptRecipients } from './KeptRecipients.js';
import { useIndicatorLabel } from './ShareBody.js';
import type { Share } from './sharing.api.js';
import { type Stricter, stricterTlps } from './stricter.js';
import { TlpChoice } from './TlpChoice.js';

/**
 * The terms a consenting body may tighten before approving: a stricter TLP, fewer recipients, words blacked
 * out, indicators or mitigations left out. Nothing here can widen what was asked: TLP:AMBER is not offered
 * where it would add a ministry's agencies that were not asked.
 */
export function StricterTerms({
  share,
  value,
  onChange,
}: {
  share: Share;
  value: Stricter;
  onChange: (next: Stricter) => void;
}) {
  const { t } = useLang();
  const label = useIndicatorLabel();
  const patch = (p: Partial<Stricter>) => onChange({ ...value, ...p });
  // The organization tree tells which agencies TLP:AMBER adds as a ministry's clients; only asked for when
  // TLP:AMBER can be chosen. Until it comes (or if it fails) the server still refuses anything looser.
  const amber = stricterTlps(share).includes('TLP:AMBER') && share.audience.kind !== 'users';
  const orgs = useLoaded({ ...orgQueries.list(), enabled: amber });
  const tree: TreeOrg[] = (amber ? orgs.data?.items : null) ?? [];
  const allowed = stricterTlps(share).filter(
    (tlp) => tlp !== 'TLP:AMBER' || amberAdds(share, tree).length === 0,
  );
  const toggle = (list: boolean[], i: number, on: boolean) => list.map((x, j) => (j === i ? on : x));
  return (
    <div className="stricter">
      <TlpChoice
        name="stricter-tlp"
        legend={t('consent.stricter.tlp')}
        hint={t('consent.stricter.tlpHint')}
        value={value.tlp}
        allowed={allowed}
        onChange={(tlp) => patch({ tlp })}
      />
      <KeptRecipients share={share} value={value} tree={tree} onChange={(kept) => patch({ kept })} />
      <BlackOutText
        id="stricter-title"
        label={t('compose.title')}
        value={value.title}
        original={share.title}
        rows={2}
        onChange={(title) => patch({ title })}
      />
      <BlackOutText
        id="stricter-body"
        label={t('compose.body')}
        value={value.body}
        original={share.body}
        rows={8}
        onChange={(body) => patch({ body })}
      />
      {share.indicators.length > 0 && (
        <fieldset className="checks">
          <legend>{t('consent.stricter.indicators')}</legend>
          {share.indicators.map((ind, i) => (
            <div className="check" key={`${ind.type}-${ind.value}`}>
              <input
                type="checkbox"
                id={`keep-indicator-${i}`}
                checked={value.indicators[i] ?? false}
                onChange={(e) => patch({ indicators: toggle(value.indicators, i, e.target.checked) })}
              />
              <label htmlFor={`keep-indicator-${i}`}>
                {label(ind.type)} <span className="mono">{ind.value}</span>
              </label>
            </div>
          ))}
        </fieldset>
      )}
      {share.mitigations.length > 0 && (
        <fieldset className="checks">
          <legend>{t('consent.stricter.mitigations')}</legend>
          {share.mitigations.map((text, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the asked mitigations never change while shown.
            <div className="check" key={i}>
              <input
                type="checkbox"
                id={`keep-mitigation-${i}`}
                checked={value.mitigations[i] ?? false}
                onChange={(e) => patch({ mitigations: toggle(value.mitigations, i, e.target.checked) })}
              />
              <label htmlFor={`keep-mitigation-${i}`}>{text}</label>
            </div>
          ))}
        </fieldset>
      )}
    </div>
  );
}
