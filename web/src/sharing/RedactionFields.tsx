import { useLang } from '../lang.js';
import { ComposerField } from './ComposerField.js';
import type { ComposerError } from './composer.validate.js';
import type { ComposerValues } from './composer.values.js';

type Flag = 'anonymiseSource' | 'internalAddresses' | 'personalData';
const FLAGS: Flag[] = ['anonymiseSource', 'internalAddresses', 'personalData'];

/** What to remove before anyone else reads it: the source's name, chosen words, internal addresses, personal data. */
export function RedactionFields({
  values,
  hasSources,
  error,
  onChange,
}: {
  values: ComposerValues;
  hasSources: boolean;
  error: ComposerError | undefined;
  onChange: (patch: Partial<ComposerValues>) => void;
}) {
  const { t } = useLang();
  return (
    <fieldset className="redactions">
      <legend>{t('compose.redact')}</legend>
      <p className="hint">{t('compose.redactHint')}</p>
      {FLAGS.map((flag) => (
        <div className="check" key={flag}>
          <input
            type="checkbox"
            id={`redact-${flag}`}
            checked={values[flag]}
            // Anonymising names the sources' bodies; without sources there is nothing to name.
            disabled={flag === 'anonymiseSource' && !hasSources}
            onChange={(e) => onChange({ [flag]: e.target.checked })}
          />
          <label htmlFor={`redact-${flag}`}>{t(`compose.redact.${flag}`)}</label>
        </div>
      ))}
      <ComposerField
        id="redact-terms"
        label="compose.redact.terms"
        hint="compose.redact.termsHint"
        error={error}
      >
        {(control) => (
          <textarea
            {...control}
            rows={3}
            value={values.terms}
            onChange={(e) => onChange({ terms: e.target.value })}
          />
        )}
      </ComposerField>
    </fieldset>
  );
}
