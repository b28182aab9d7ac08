import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { adminApi, type Org } from './admin.api.js';
import { Field } from './Field.js';
import { FormEnd } from './FormEnd.js';
import { type FieldErrors, splitProblem } from './problems.js';

/** Aliases (or domains) as typed in a text area: one per line, blank lines dropped. */
export const aliasLines = (text: string) =>
  text
    .split('\n')
    .map((a) => a.trim())
    .filter((a) => a.length > 0);

/** The lists of a body that its administrators keep: other names, and own DNS domains. */
export type ListField = 'aliases' | 'domains';

const WORDS = {
  aliases: {
    shown: 'orgs.aliases',
    none: 'orgs.aliases.none',
    edit: 'orgs.aliases.edit',
    editOf: 'orgs.aliases.editOf',
    legend: 'orgs.aliases.legend',
    label: 'orgs.field.aliases',
    hint: 'orgs.field.aliasesHint',
  },
  domains: {
    shown: 'orgs.domains',
    none: 'orgs.domains.none',
    edit: 'orgs.domains.edit',
    editOf: 'orgs.domains.editOf',
    legend: 'orgs.domains.legend',
    label: 'orgs.field.domains',
    hint: 'orgs.field.domainsHint',
  },
} as const;

const save = { aliases: adminApi.setAliases, domains: adminApi.setDomains };

/**
 * A body's other names (METI, 経産省), which anonymised shares hide like its names and slug, or (`field`
 * "domains") its own DNS domains, whose hosts shares that remove internal addresses remove. Shown to everyone
 * who sees the tree; changed by administrators.
 */
export function AliasSetting({
  org,
  editable,
  onSaved,
  field = 'aliases',
}: {
  org: Org;
  editable: boolean;
  onSaved: (org: Org, field: ListField) => void;
  field?: ListField;
}) {
  const { t, lang } = useLang();
  const [editing, setEditing] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const words = WORDS[field];
  const close = (saved: Org | null) => {
    setEditing(false);
    if (saved) onSaved(saved, field);
    focusAfterRender(() => opener.current);
  };
  const items = org[field];
  return (
    <div className={field}>
      <p className="muted small">
        {items.length > 0
          ? field === 'aliases'
            ? t('orgs.aliases', { aliases: items.join('、') })
            : t('orgs.domains', { domains: items.join(', ') })
          : t(words.none)}
      </p>
      {editing ? (
        <AliasForm org={org} field={field} onDone={close} />
      ) : (
        editable && (
          <button
            type="button"
            ref={opener}
            aria-label={t(words.editOf, { name: orgName(org, lang) })}
            onClick={() => setEditing(true)}
          >
            {t(words.edit)}
          </button>
        )
      )}
    </div>
  );
}

function AliasForm({
  org,
  field,
  onDone,
}: {
  org: Org;
  field: ListField;
  onDone: (saved: Org | null) => void;
}) {
  const { t, lang } = useLang();
  const id = useId();
  const words = WORDS[field];
  const [text, setText] = useState(org[field].join('\n'));
  const [errors, setErrors] = useState<FieldErrors<ListField>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLTextAreaElement>(null);
  // Opened by its button: the keyboard goes on to the list to change.
  useEffect(() => first.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setProblem(null);
    try {
      onDone(await save[field](org.slug, aliasLines(text)));
    } catch (e) {
      const { byField, rest } = splitProblem(e, [field] as const);
      setErrors(byField);
      setProblem(rest);
      setBusy(false);
    }
  }

  return (
    <form className="alias-form" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t(words.legend, { name: orgName(org, lang) })}</legend>
        <Field id={`${id}-${field}`} label={t(words.label)} hint={t(words.hint)} error={errors[field]}>
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
