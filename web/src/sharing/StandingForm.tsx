import { type FormEvent, useState } from 'react';
import { TLPS } from '../../../src/features/sharing/sharing.terms.js';
import { useLang } from '../lang.js';
import { Choices } from './Choices.js';
import { type NewStandingConsent, sharingApi } from './sharing.api.js';
import { problemText } from './sharingProblems.js';
import { TlpChoice } from './TlpChoice.js';

/**
 * A new standing consent: the loosest TLP and widest audience it covers, what it covers, and whether the
 * source must be anonymised. TLP:RED names people one share at a time, so it has no standing consent.
 */
export function StandingForm({ onDone }: { onDone: (added: boolean) => void }) {
  const { t } = useLang();
  const [terms, setTerms] = useState<NewStandingConsent>({
    tlp: 'TLP:AMBER',
    audience: { kind: 'ministries' },
    scope: 'indicators-only',
    anonymised: true,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await sharingApi.addStanding(terms);
      onDone(true);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }
  return (
    <form id="standing-form" className="card form standing-form" noValidate onSubmit={submit}>
      <TlpChoice
        name="standing-tlp"
        legend={t('standing.tlp')}
        hint={t('standing.tlpHint')}
        value={terms.tlp}
        allowed={TLPS.filter((x) => x !== 'TLP:RED')}
        onChange={(tlp) => setTerms({ ...terms, tlp })}
      />
      <Choices
        name="standing-audience"
        legend={t('standing.audience')}
        value={terms.audience.kind}
        options={(['ministries', 'all'] as const).map((kind) => ({
          value: kind,
          label: t(`standing.audience.${kind}`),
        }))}
        onChange={(kind) => setTerms({ ...terms, audience: { kind } })}
      />
      <Choices
        name="standing-scope"
        legend={t('standing.scope')}
        value={terms.scope}
        options={(['indicators-only', 'any'] as const).map((scope) => ({
          value: scope,
          label: t(`standing.scope.${scope}`),
        }))}
        onChange={(scope) => setTerms({ ...terms, scope })}
      />
      <div className="check">
        <input
          type="checkbox"
          id="standing-anonymised"
          checked={terms.anonymised}
          onChange={(e) => setTerms({ ...terms, anonymised: e.target.checked })}
        />
        <label htmlFor="standing-anonymised">{t('standing.anonymisedLabel')}</label>
      </div>
      {error ? (
        <p className="error" role="alert">
          {problemText(t, error)}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => onDone(false)}>
          {t('share.cancel')}
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {t('standing.submit')}
        </button>
      </div>
    </form>
  );
}
