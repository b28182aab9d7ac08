import { SEVERITIES, TLPS } from '../../../src/features/incidents/vocabulary.js';
import { useLang } from '../lang.js';
import { tlpMeaningKey } from '../ui/Badges.js';
import { CategoryOptions, taxonomyKey } from './CategoryOptions.js';
import { Field } from './Field.js';
import { IMPACT_FLAGS, type OptionalValues } from './fields.js';
import { useTaxonomy } from './taxonomy.js';
import type { FieldErrors } from './validate.js';

/**
 * What a report may add beyond the essentials: severity, category (of the deployment's profile), TLP, affected systems and impact.
 * Shared by the quick report and the follow-up; `prefix` keeps their ids apart.
 */
export function OptionalFields({
  prefix,
  values,
  errors,
  disabled,
  onChange,
}: {
  prefix: string;
  values: OptionalValues;
  errors: FieldErrors;
  disabled: boolean;
  onChange: (patch: Partial<OptionalValues>) => void;
}) {
  const { t } = useLang();
  const taxonomy = useTaxonomy();
  const id = (name: string) => `${prefix}-${name}`;
  return (
    <>
      <Field id={id('severity')} label="report.severity" error={errors.severity}>
        {(control) => (
          <select
            {...control}
            disabled={disabled}
            value={values.severity}
            onChange={(e) => onChange({ severity: e.target.value })}
          >
            <option value="">{t('report.unset')}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={id('category')} label="report.category" error={errors.category}>
        {(control) => (
          <select
            key={taxonomyKey(taxonomy)}
            {...control}
            disabled={disabled}
            value={values.category}
            onChange={(e) => onChange({ category: e.target.value })}
          >
            <option value="">{t('report.unset')}</option>
            <CategoryOptions taxonomy={taxonomy} current={values.category} />
          </select>
        )}
      </Field>
      <Field id={id('tlp')} label="report.tlp" hint="report.tlpDefault" error={errors.tlp}>
        {(control) => (
          <select
            {...control}
            disabled={disabled}
            value={values.tlp}
            onChange={(e) => onChange({ tlp: e.target.value })}
          >
            <option value="">{t('report.unset')}</option>
            {TLPS.map((tlp) => (
              <option key={tlp} value={tlp}>
                {`${tlp} — ${t(tlpMeaningKey(tlp))}`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id={id('affectedSystems')}
        label="report.affectedSystems"
        hint="report.affectedSystemsHint"
        error={errors.affectedSystems}
      >
        {(control) => (
          <textarea
            {...control}
            disabled={disabled}
            rows={3}
            value={values.affectedSystems}
            onChange={(e) => onChange({ affectedSystems: e.target.value })}
          />
        )}
      </Field>
      <fieldset className="impact">
        <legend>{t('report.impact')}</legend>
        <Field id={id('personalData')} label="report.personalData">
          {(control) => (
            <select
              {...control}
              disabled={disabled}
              value={values.personalData}
              onChange={(e) => onChange({ personalData: e.target.value as OptionalValues['personalData'] })}
            >
              <option value="">{t('report.unset')}</option>
              <option value="yes">{t('report.personalData.yes')}</option>
              <option value="no">{t('report.personalData.no')}</option>
            </select>
          )}
        </Field>
        {values.personalData === 'yes' && (
          <Field id={id('approxPersons')} label="report.approxPersons" error={errors.approxPersons}>
            {(control) => (
              <input
                {...control}
                disabled={disabled}
                inputMode="numeric"
                autoComplete="off"
                value={values.approxPersons}
                onChange={(e) => onChange({ approxPersons: e.target.value })}
              />
            )}
          </Field>
        )}
        {IMPACT_FLAGS.map((flag) => (
          <div key={flag} className="check">
            <input
              id={id(flag)}
              type="checkbox"
              disabled={disabled}
              checked={values[flag]}
              onChange={(e) => onChange({ [flag]: e.target.checked })}
            />
            <label htmlFor={id(flag)}>{t(`report.${flag}`)}</label>
          </div>
        ))}
      </fieldset>
    </>
  );
}
