import { TLPS } from '../../../src/features/sharing/sharing.terms.js';
import type { Org } from '../admin/admin.api.js';
import { useLang } from '../lang.js';
import { Choices } from '../sharing/Choices.js';
import { OrgTreePicker } from '../sharing/OrgTreePicker.js';
import type { Level } from '../situations/situations.api.js';
import { Field } from '../ui/Field.js';
import { FIELDS, type InjectDraft, KINDS, type Kind } from './builder.js';

const LONG = new Set(['description', 'summary', 'text']);
const SCOPES = ['all', 'ministries', 'bodies'] as const;

/** One inject of the builder: its time (T+…), its kind, and the kind's own fields. */
export function InjectForm({
  inject,
  n,
  levels,
  orgs,
  onChange,
  onRemove,
}: {
  inject: InjectDraft;
  n: number;
  levels: readonly Level[];
  orgs: readonly Org[];
  onChange: (next: InjectDraft) => void;
  onRemove: (() => void) | null;
}) {
  const { t, lang } = useLang();
  const id = (f: string) => `inject-${inject.key}-${f}`;
  const set = (f: string, value: string) => onChange({ ...inject, fields: { ...inject.fields, [f]: value } });
  const control = (f: string) => {
    const value = inject.fields[f] ?? '';
    if (f === 'level')
      return (
        <select id={id(f)} value={value} onChange={(e) => set(f, e.target.value)}>
          <option value="">—</option>
          {levels.map((l) => (
            <option key={l.id} value={l.id}>
              {l[lang]}
            </option>
          ))}
        </select>
      );
    if (f === 'tlp')
      return (
        <select id={id(f)} value={value} onChange={(e) => set(f, e.target.value)}>
          {TLPS.map((tlp) => (
            <option key={tlp} value={tlp}>
              {tlp}
            </option>
          ))}
        </select>
      );
    if (f === 'body')
      return (
        <select id={id(f)} value={value} onChange={(e) => set(f, e.target.value)}>
          <option value="">—</option>
          {orgs
            .filter((o) => o.kind !== 'center')
            .map((o) => (
              <option key={o.slug} value={o.slug}>
                {lang === 'ja' ? o.nameJa : o.nameEn}
              </option>
            ))}
        </select>
      );
    if (LONG.has(f))
      return <textarea id={id(f)} rows={3} value={value} onChange={(e) => set(f, e.target.value)} />;
    return <input id={id(f)} type="text" value={value} onChange={(e) => set(f, e.target.value)} />;
  };
  const fieldLabel = (f: string) =>
    f === 'text'
      ? t('exercises.inject.text')
      : t(
          `exercises.inject.${f as 'name' | 'description' | 'level' | 'tlp' | 'body' | 'title' | 'summary' | 'note'}`,
        );
  return (
    <fieldset className="inject-card">
      <legend>{t('exercises.inject', { n })}</legend>
      <Field id={id('at')} label={t('exercises.inject.at')} hint={t('exercises.inject.atHint')}>
        {(c) => (
          <input
            {...c}
            type="text"
            value={inject.at}
            onChange={(e) => onChange({ ...inject, at: e.target.value })}
          />
        )}
      </Field>
      <Field id={id('kind')} label={t('exercises.inject.kind')}>
        {(c) => (
          <select
            {...c}
            value={inject.kind}
            onChange={(e) => onChange({ ...inject, kind: e.target.value as Kind })}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`exercises.kind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {FIELDS[inject.kind].map((f) => (
        <div className="field" key={f}>
          <label htmlFor={id(f)}>{fieldLabel(f)}</label>
          {control(f)}
        </div>
      ))}
      {inject.kind === 'declare' && (
        <>
          <Choices
            name={id('scope')}
            legend={t('exercises.inject.scope')}
            value={inject.scope.kind}
            options={SCOPES.map((k) => ({ value: k, label: t(`situations.scope.${k}`) }))}
            onChange={(kind) => onChange({ ...inject, scope: { ...inject.scope, kind } })}
          />
          {inject.scope.kind === 'bodies' && (
            <OrgTreePicker
              orgs={orgs}
              selected={inject.scope.orgs}
              includeAgencies={inject.scope.withAgencies}
              error={undefined}
              legend="situations.field.bodies"
              includeLabel="situations.field.withAgencies"
              onChange={(patch) =>
                onChange({
                  ...inject,
                  scope: {
                    ...inject.scope,
                    ...(patch.orgs ? { orgs: patch.orgs } : {}),
                    ...(patch.includeAgencies !== undefined ? { withAgencies: patch.includeAgencies } : {}),
                  },
                })
              }
            />
          )}
        </>
      )}
      {onRemove && (
        <button type="button" onClick={onRemove}>
          {t('exercises.removeInject', { n })}
        </button>
      )}
    </fieldset>
  );
}
