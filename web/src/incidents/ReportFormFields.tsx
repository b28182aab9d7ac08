import { useLang } from '../lang.js';
import { Field } from '../report/Field.js';
import type { ReportValues } from '../report/fields.js';
import type { FieldErrors } from '../report/validate.js';

type Answer = ReportValues['police'];

/**
 * What the ministries' report forms ask beyond the impact: response status, cause, next steps, the contact
 * person, and whether the police and the Personal Information Protection Commission were told, and when.
 * Offered by the quick report (folded under 詳細（任意）) and by the follow-up.
 */
export function ReportFormFields({
  prefix,
  values,
  errors,
  disabled,
  onChange,
}: {
  prefix: string;
  values: ReportValues;
  errors: FieldErrors;
  disabled: boolean;
  onChange: (patch: Partial<ReportValues>) => void;
}) {
  const { t } = useLang();
  const id = (name: string) => `${prefix}-${name}`;
  const texts = [
    ['responseStatus', 'detail.responseStatus'],
    ['cause', 'detail.cause'],
    ['nextSteps', 'detail.nextSteps'],
  ] as const;
  const contact = [
    ['contactName', 'detail.followUp.contactName', 'name'],
    ['contactPhone', 'detail.followUp.contactPhone', 'tel'],
    ['contactEmail', 'detail.followUp.contactEmail', 'email'],
  ] as const;
  const authorities = [
    ['police', 'policeDate', 'detail.policeReport'],
    ['ppc', 'ppcDate', 'detail.ppcReport'],
  ] as const;
  return (
    <>
      {texts.map(([name, label]) => (
        <Field key={name} id={id(name)} label={label} error={errors[name]}>
          {(control) => (
            <textarea
              {...control}
              rows={2}
              disabled={disabled}
              value={values[name]}
              onChange={(e) => onChange({ [name]: e.target.value })}
            />
          )}
        </Field>
      ))}
      <fieldset className="impact">
        <legend>{t('detail.contactPerson')}</legend>
        {contact.map(([name, label, autoComplete]) => (
          <Field key={name} id={id(name)} label={label} error={errors[name]}>
            {(control) => (
              <input
                {...control}
                type={autoComplete === 'name' ? 'text' : autoComplete}
                autoComplete="off"
                disabled={disabled}
                value={values[name]}
                onChange={(e) => onChange({ [name]: e.target.value })}
              />
            )}
          </Field>
        ))}
      </fieldset>
      {authorities.map(([name, date, label]) => (
        <fieldset key={name} className="impact">
          <legend>{t(label)}</legend>
          <Field id={id(name)} label={label}>
            {(control) => (
              <select
                {...control}
                disabled={disabled}
                value={values[name]}
                onChange={(e) => onChange({ [name]: e.target.value as Answer })}
              >
                <option value="">{t('detail.followUp.unknown')}</option>
                <option value="yes">{t('detail.followUp.yes')}</option>
                <option value="no">{t('detail.followUp.no')}</option>
              </select>
            )}
          </Field>
          {values[name] === 'yes' && (
            <Field id={id(date)} label="detail.followUp.reportedDate" error={errors[date]}>
              {(control) => (
                <input
                  {...control}
                  type="date"
                  disabled={disabled}
                  value={values[date]}
                  onChange={(e) => onChange({ [date]: e.target.value })}
                />
              )}
            </Field>
          )}
        </fieldset>
      ))}
    </>
  );
}
