import { TLPS, type Tlp } from '../../../src/features/sharing/sharing.terms.js';
import { useLang } from '../lang.js';
import { TlpBadge, tlpMeaningKey } from '../ui/Badges.js';
import { Choices } from './Choices.js';

/**
 * The TLP as a radio group, each label saying what it allows, so that whoever chooses reads the consequence.
 * `allowed` limits the choice (a consenting body may only tighten).
 */
export function TlpChoice({
  name,
  legend,
  value,
  allowed = TLPS,
  hint,
  error,
  onChange,
}: {
  name: string;
  legend: string;
  value: Tlp;
  allowed?: readonly Tlp[];
  hint?: string | undefined;
  error?: string | undefined;
  onChange: (tlp: Tlp) => void;
}) {
  const { t } = useLang();
  return (
    <Choices
      name={name}
      legend={legend}
      value={value}
      hint={hint}
      error={error}
      options={allowed.map((tlp) => ({
        value: tlp,
        label: (
          <>
            <TlpBadge tlp={tlp} /> <span className="tlp-meaning">{t(tlpMeaningKey(tlp))}</span>
          </>
        ),
      }))}
      onChange={(v) => onChange(v as Tlp)}
    />
  );
}
