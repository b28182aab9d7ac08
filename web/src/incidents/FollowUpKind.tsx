import { useLang } from '../lang.js';

type Kind = 'update' | 'final';

/** Update (続報) or final report (確報), as two radio buttons; the final one says what it closes. */
export function FollowUpKind({
  kind,
  disabled,
  onChange,
}: {
  kind: Kind;
  disabled: boolean;
  onChange: (kind: Kind) => void;
}) {
  const { t } = useLang();
  return (
    <fieldset className="kind-choice">
      <legend>{t('detail.followUp.kind')}</legend>
      {(['update', 'final'] as const).map((value) => (
        <div key={value} className="check">
          <input
            id={`followup-kind-${value}`}
            type="radio"
            name="followup-kind"
            value={value}
            disabled={disabled}
            checked={kind === value}
            aria-describedby={value === 'final' ? 'followup-final-hint' : undefined}
            onChange={() => onChange(value)}
          />
          <label htmlFor={`followup-kind-${value}`}>{t(`kind.${value}`)}</label>
        </div>
      ))}
      <p id="followup-final-hint" className="hint">
        {t('detail.followUp.finalHint')}
      </p>
    </fieldset>
  );
}
