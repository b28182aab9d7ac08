import { useId } from 'react';
import type { Org } from '../admin/admin.api.js';
import type { Me } from '../api.js';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { askable } from './roles.js';

export type BodyMode = 'all' | 'agencies' | 'chosen';
export interface BodySelection {
  mode: BodyMode;
  ministry: string;
  chosen: readonly string[];
}
export const NO_SELECTION: BodySelection = { mode: 'all', ministry: '', chosen: [] };

/** The request fields for a selection, or the message saying what is missing. */
export function bodiesInput(
  s: BodySelection,
):
  | { ok: true; input: { bodies?: string[]; agenciesOf?: string } }
  | { ok: false; missing: 'one' | 'ministry' } {
  if (s.mode === 'chosen')
    return s.chosen.length ? { ok: true, input: { bodies: [...s.chosen] } } : { ok: false, missing: 'one' };
  if (s.mode === 'agencies')
    return s.ministry ? { ok: true, input: { agenciesOf: s.ministry } } : { ok: false, missing: 'ministry' };
  return { ok: true, input: {} };
}

/** Which bodies to ask: every body the user may ask, a ministry's agencies (the center), or chosen ones. */
export function BodyChoice({
  me,
  orgs,
  value,
  onChange,
  error,
}: {
  me: Me;
  orgs: readonly Org[];
  value: BodySelection;
  onChange: (next: BodySelection) => void;
  error: string | null;
}) {
  const { t, lang } = useLang();
  const id = useId();
  const center = me.org.kind === 'center';
  const choices = askable(me, orgs);
  const ministries = orgs.filter((o) => o.kind === 'ministry');
  const errorId = `${id}-error`;
  const radio = (mode: BodyMode, label: string) => (
    <div className="checkbox-row">
      <input
        type="radio"
        id={`${id}-${mode}`}
        name={`${id}-mode`}
        checked={value.mode === mode}
        onChange={() => onChange({ ...value, mode })}
      />
      <label htmlFor={`${id}-${mode}`}>{label}</label>
    </div>
  );
  const toggle = (slug: string, on: boolean) =>
    onChange({
      ...value,
      chosen: on ? [...value.chosen, slug] : value.chosen.filter((s) => s !== slug),
    });
  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend>{t('bodies.legend')}</legend>
      {radio('all', center ? t('bodies.all') : t('bodies.allAgencies'))}
      {center && radio('agencies', t('bodies.agenciesOf'))}
      {center && value.mode === 'agencies' && (
        <div className="field nested">
          <label htmlFor={`${id}-ministry`}>{t('bodies.ministry')}</label>
          <select
            id={`${id}-ministry`}
            value={value.ministry}
            aria-invalid={error && !value.ministry ? true : undefined}
            onChange={(e) => onChange({ ...value, ministry: e.target.value })}
          >
            <option value="">{t('bodies.ministryChoose')}</option>
            {ministries.map((o) => (
              <option key={o.slug} value={o.slug}>
                {orgName(o, lang)}
              </option>
            ))}
          </select>
        </div>
      )}
      {radio('chosen', t('bodies.chosen'))}
      {value.mode === 'chosen' && (
        <fieldset className="nested body-list">
          <legend>{t('bodies.chosenLegend')}</legend>
          {choices.map((o) => (
            <div className="checkbox-row" key={o.slug}>
              <input
                type="checkbox"
                id={`${id}-org-${o.slug}`}
                checked={value.chosen.includes(o.slug)}
                onChange={(e) => toggle(o.slug, e.target.checked)}
              />
              <label htmlFor={`${id}-org-${o.slug}`}>{orgName(o, lang)}</label>
            </div>
          ))}
        </fieldset>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
