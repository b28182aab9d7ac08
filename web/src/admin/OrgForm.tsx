import { type FormEvent, useRef, useState } from 'react';
import { newIdempotencyKey } from '../api.js';
import { useLang } from '../lang.js';
import { firstInvalid, useFocusAfterRender } from '../ui/focus.js';
import { aliasLines } from './AliasSetting.js';
import { adminApi, type NewOrg, type Org } from './admin.api.js';
import { Field } from './Field.js';
import { OrgOptions } from './OrgOptions.js';
import { type FieldErrors, missing, problemText, splitProblem } from './problems.js';

const FIELDS = ['kind', 'slug', 'nameJa', 'nameEn', 'parent', 'aliases'] as const;
type Values = Record<(typeof FIELDS)[number], string>;
const EMPTY: Values = { kind: 'ministry', slug: '', nameJa: '', nameEn: '', parent: '', aliases: '' };

/** The administrator's form to add a body: a ministry under the center, or an agency under a ministry. */
export function OrgForm({ orgs, onAdded }: { orgs: Org[]; onAdded: (org: Org) => void }) {
  const { t } = useLang();
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors<(typeof FIELDS)[number]>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // One key per body being added: a double click or a retry after a lost answer adds it once.
  const [key, setKey] = useState(newIdempotencyKey);
  const form = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const hasCenter = orgs.some((o) => o.kind === 'center');
  const ministries = orgs.filter((o) => o.kind === 'ministry');
  const set = (name: keyof Values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const needed = missing(values, [
      'slug',
      'nameJa',
      'nameEn',
      ...(values.kind === 'agency' ? ['parent' as const] : []),
    ]);
    setProblem(null);
    if (Object.keys(needed).length > 0) {
      setErrors(needed);
      focusAfterRender(firstInvalid(form));
      return;
    }
    setBusy(true);
    setErrors({});
    const org: NewOrg = {
      kind: values.kind as NewOrg['kind'],
      slug: values.slug.trim(),
      nameJa: values.nameJa.trim(),
      nameEn: values.nameEn.trim(),
      ...(values.kind === 'agency' ? { parent: values.parent } : {}),
      aliases: aliasLines(values.aliases),
    };
    try {
      const added = await adminApi.addOrg(org, key);
      setValues({ ...EMPTY, kind: values.kind, parent: values.parent });
      setKey(newIdempotencyKey());
      onAdded(added);
    } catch (e) {
      // Only an agency shows its parent; for the others a parent problem (no center yet) concerns the form.
      const { byField, rest } = splitProblem(
        e,
        values.kind === 'agency' ? FIELDS : FIELDS.filter((f) => f !== 'parent'),
      );
      setErrors(byField);
      setProblem(rest);
      focusAfterRender(firstInvalid(form));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="org-form-heading">
      <h2 id="org-form-heading">{t('orgs.add')}</h2>
      <form ref={form} className="card form" onSubmit={submit} noValidate>
        <Field id="org-kind" label={t('orgs.field.kind')} error={errors.kind}>
          {(wiring) => (
            <select {...wiring} value={values.kind} onChange={set('kind')}>
              {!hasCenter && <option value="center">{t('orgs.kind.center')}</option>}
              <option value="ministry">{t('orgs.kind.ministry')}</option>
              <option value="agency">{t('orgs.kind.agency')}</option>
            </select>
          )}
        </Field>
        {values.kind === 'agency' && (
          <Field id="org-parent" label={t('orgs.field.parent')} error={errors.parent}>
            {(wiring) => (
              <select {...wiring} required value={values.parent} onChange={set('parent')}>
                <OrgOptions orgs={ministries} none={t('orgs.field.parentChoose')} />
              </select>
            )}
          </Field>
        )}
        <Field id="org-slug" label={t('orgs.field.slug')} hint={t('orgs.field.slugHint')} error={errors.slug}>
          {(wiring) => (
            <input
              {...wiring}
              required
              autoComplete="off"
              spellCheck={false}
              value={values.slug}
              onChange={set('slug')}
            />
          )}
        </Field>
        <Field id="org-name-ja" label={t('orgs.field.nameJa')} error={errors.nameJa}>
          {(wiring) => (
            <input {...wiring} lang="ja" required value={values.nameJa} onChange={set('nameJa')} />
          )}
        </Field>
        <Field id="org-name-en" label={t('orgs.field.nameEn')} error={errors.nameEn}>
          {(wiring) => (
            <input {...wiring} lang="en" required value={values.nameEn} onChange={set('nameEn')} />
          )}
        </Field>
        <Field
          id="org-aliases"
          label={t('orgs.field.aliases')}
          hint={t('orgs.field.aliasesHint')}
          error={errors.aliases}
        >
          {(wiring) => <textarea {...wiring} rows={2} value={values.aliases} onChange={set('aliases')} />}
        </Field>
        {problem ? (
          <p className="error" role="alert">
            {problemText(t, problem)}
          </p>
        ) : null}
        {Object.keys(errors).length > 0 && (
          <p className="error" role="alert">
            {t('admin.form.fixErrors')}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('orgs.submit')}
        </button>
      </form>
    </section>
  );
}
