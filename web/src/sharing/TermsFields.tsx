import type { Org } from '../admin/admin.api.js';
import { useLang } from '../lang.js';
import { AudienceFields } from './AudienceFields.js';
import { ComposerField, errorText } from './ComposerField.js';
import type { ComposerErrors } from './composer.validate.js';
import { type AudienceKind, type ComposerValues, withAudience, withTlp } from './composer.values.js';
import type { Tlp } from './sharing.api.js';
import { TlpChoice } from './TlpChoice.js';

/**
 * Under which terms: the TLP and the audience, which pull each other (TLP:RED is for named people only), and
 * the consent deadline. When one changes the other, `onSwitched` says so aloud.
 */
export function TermsFields({
  values,
  orgs,
  errors,
  hasSources,
  onValues,
  onSwitched,
}: {
  values: ComposerValues;
  orgs: readonly Org[];
  errors: ComposerErrors;
  hasSources: boolean;
  onValues: (next: ComposerValues, touched: (keyof ComposerErrors)[]) => void;
  onSwitched: (message: string | null) => void;
}) {
  const { t } = useLang();
  const apply = ([next, switched]: ReturnType<typeof withTlp>) => {
    onValues(next, ['tlp', 'audience']);
    onSwitched(switched ? t(switched) : null);
  };
  return (
    <>
      <TlpChoice
        name="share-tlp"
        legend={t('compose.tlp')}
        hint={t('compose.tlpHint')}
        value={values.tlp}
        error={errorText(t, errors.tlp)}
        onChange={(tlp: Tlp) => apply(withTlp(values, tlp))}
      />
      <AudienceFields
        values={values}
        orgs={orgs}
        error={errors.audience}
        onAudience={(kind: AudienceKind) => apply(withAudience(values, kind))}
        onChange={(patch) => onValues({ ...values, ...patch }, ['audience'])}
      />
      {hasSources && (
        <ComposerField
          id="share-due"
          label="compose.consentDueAt"
          hint="compose.consentDueHint"
          error={errors.consentDueAt}
        >
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              value={values.consentDueAt}
              onChange={(e) => onValues({ ...values, consentDueAt: e.target.value }, ['consentDueAt'])}
            />
          )}
        </ComposerField>
      )}
    </>
  );
}
