import { useLang } from '../lang.js';
import { Choices } from './Choices.js';
import { ComposerField, errorText } from './ComposerField.js';
import type { ComposerErrors } from './composer.validate.js';
import type { ComposerValues } from './composer.values.js';
import { kindOf } from './composer.values.js';
import { IndicatorRows } from './IndicatorRows.js';
import { MitigationRows } from './MitigationRows.js';

type Change = (patch: Partial<ComposerValues>) => void;

/** What the share says: its kind, title, body, indicators and mitigations, as typed before redaction. */
export function ContentFields({
  values,
  errors,
  editing,
  onChange,
}: {
  values: ComposerValues;
  errors: ComposerErrors;
  editing: boolean;
  onChange: Change;
}) {
  const { t } = useLang();
  return (
    <>
      {!editing && (
        <Choices
          name="share-kind"
          legend={t('compose.kind')}
          hint={t('compose.kindHint')}
          value={kindOf(values)}
          options={[
            { value: 'advisory', label: t('share.kind.advisory') },
            { value: 'share', label: t('share.kind.share') },
          ]}
          onChange={(kind) => onChange({ kind })}
        />
      )}
      <ComposerField id="share-title" label="compose.title" required error={errors.title}>
        {(control) => (
          <input {...control} value={values.title} onChange={(e) => onChange({ title: e.target.value })} />
        )}
      </ComposerField>
      <ComposerField id="share-body" label="compose.body" required error={errors.body}>
        {(control) => (
          <textarea
            {...control}
            rows={8}
            value={values.body}
            onChange={(e) => onChange({ body: e.target.value })}
          />
        )}
      </ComposerField>
      <IndicatorRows
        rows={values.indicators}
        error={errorText(t, errors.indicators)}
        onChange={(indicators) => onChange({ indicators })}
      />
      <MitigationRows
        rows={values.mitigations}
        error={errorText(t, errors.mitigations)}
        onChange={(mitigations) => onChange({ mitigations })}
      />
    </>
  );
}
