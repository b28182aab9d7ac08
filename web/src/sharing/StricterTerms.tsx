import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { BlackOutText } from './BlackOutText.js';
import { useIndicatorLabel } from './ShareBody.js';
import type { Share } from './sharing.api.js';
import { type Stricter, stricterTlps } from './stricter.js';
import { TlpChoice } from './TlpChoice.js';

/**
 * The terms a consenting body may tighten before approving: a stricter TLP, fewer recipients, words blacked
 * out, indicators or mitigations left out. Nothing here can widen what was asked.
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
  const { t, lang } = useLang();
  const label = useIndicatorLabel();
  const patch = (p: Partial<Stricter>) => onChange({ ...value, ...p });
  const recipients = share.recipients ?? { orgs: [], users: [] };
  const people = share.audience.kind === 'users';
  const choices = people
    ? recipients.users.map((u) => ({ key: u.email, text: u.email }))
    : recipients.orgs.map((o) => ({ key: o.slug, text: orgName(o, lang) }));
  const toggle = (list: boolean[], i: number, on: boolean) => list.map((x, j) => (j === i ? on : x));
  return (
    <div className="stricter">
      <TlpChoice
        name="stricter-tlp"
        legend={t('consent.stricter.tlp')}
        hint={t('consent.stricter.tlpHint')}
        value={value.tlp}
        allowed={stricterTlps(share)}
        onChange={(tlp) => patch({ tlp })}
      />
      <fieldset className="checks">
        <legend>{t(people ? 'consent.stricter.users' : 'consent.stricter.orgs')}</legend>
        <p className="hint">{t('consent.stricter.recipientsHint')}</p>
        {choices.map((c) => (
          <div className="check" key={c.key}>
            <input
              type="checkbox"
              id={`keep-${c.key}`}
              checked={value.kept.includes(c.key)}
              onChange={(e) =>
                patch({
                  kept: e.target.checked ? [...value.kept, c.key] : value.kept.filter((k) => k !== c.key),
                })
              }
            />
            <label htmlFor={`keep-${c.key}`}>{c.text}</label>
          </div>
        ))}
      </fieldset>
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
