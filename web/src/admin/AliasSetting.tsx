import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { adminApi, type Org } from './admin.api.js';
import { Field } from './Field.js';
import { FormEnd } from './FormEnd.js';
import { type FieldErrors, splitProblem } from './problems.js';

/** Aliases as typed in a text area: one per line, blank lines dropped. */
export const aliasLines = (text: string) =>
  text
    .split('\n')
    .map((a) => a.trim())
    .filter((a) => a.length > 0);

/**
 * A body's other names (METI, 経産省), which anonymised shares hide like its names and slug. Shown to
 * everyone who sees the tree; changed by administrators.
 */
export function AliasSetting({
  org,
  editable,
  onSaved,
}: {
  org: Org;
  editable: boolean;
  onSaved: (org: Org) => void;
}) {
  const { t, lang } = useLang();
  const [editing, setEditing] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const close = (saved: Org | null) => {
    setEditing(false);
    if (saved) onSaved(saved);
    focusAfterRender(() => opener.current);
  };
  return (
    <div className="aliases">
      <p className="muted small">
        {org.aliases.length > 0
          ? t('orgs.aliases', { aliases: org.aliases.join('、') })
          : t('orgs.aliases.none')}
      </p>
      {editing ? (
        <AliasForm org={org} onDone={close} />
      ) : (
        editable && (
          <button
            type="button"
            ref={opener}
            aria-label={t('orgs.aliases.editOf', { name: orgName(org, lang) })}
            onClick={() => setEditing(true)}
          >
            {t('orgs.aliases.edit')}
          </button>
        )
      )}
    </div>
  );
}

function AliasForm({ org, onDone }: { org: Org; onDone: (saved: Org | null) => void }) {
  const { t, lang } = useLang();
  const id = useId();
  const [text, setText] = useState(org.aliases.join('\n'));
  const [errors, setErrors] = useState<FieldErrors<'aliases'>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLTextAreaElement>(null);
  // Opened by its button: the keyboard goes on to the list to change.
  useEffect(() => first.current?.focus(), []);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setProblem(null);
    try {
      onDone(await adminApi.setAliases(org.slug, aliasLines(text)));
    } catch (e) {
      const { byField, rest } = splitProblem(e, ['aliases'] as const);
      setErrors(byField);
      setProblem(rest);
      setBusy(false);
    }
  }

  return (
    <form className="alias-form" onSubmit={save} noValidate>
      <fieldset>
        <legend>{t('orgs.aliases.legend', { name: orgName(org, lang) })}</legend>
        <Field
          id={`${id}-aliases`}
          label={t('orgs.field.aliases')}
          hint={t('orgs.field.aliasesHint')}
          error={errors.aliases}
        >
          {(wiring) => (
            <textarea
              {...wiring}
              ref={first}
              rows={3}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
      </fieldset>
      <FormEnd problem={problem} busy={busy} submit={t('admin.form.save')} onCancel={() => onDone(null)} />
    </form>
  );
}
