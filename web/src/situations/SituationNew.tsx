import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import type { Tlp } from '../../../src/features/sharing/sharing.terms.js';
import { Dialog } from '../admin/Dialog.js';
import { newIdempotencyKey } from '../api.js';
import { useLang } from '../lang.js';
import { orgQueries } from '../orgs.queries.js';
import { situationPath } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { Choices } from '../sharing/Choices.js';
import { OrgTreePicker } from '../sharing/OrgTreePicker.js';
import { TlpChoice } from '../sharing/TlpChoice.js';
import { Field } from '../ui/Field.js';
import { firstInvalid, useFocusAfterRender } from '../ui/focus.js';
import { type Prompting, PromptingIncidents } from './PromptingIncidents.js';
import { refusalText } from './problemText.js';
import { askedCount, NO_SCOPE, type ScopeValues, scopeInput } from './scope.js';
import { type ScopeKind, situationQueries, situationsApi } from './situations.api.js';

const KINDS: readonly ScopeKind[] = ['all', 'ministries', 'bodies'];
type Missing = 'name' | 'description' | 'scope';

/**
 * 事態の宣言 (center coordinators): name, description, level, TLP, scope, the incidents that prompted it; then a
 * confirmation that says how many bodies will be asked to answer the roll-call.
 */
export function SituationNew({ navigate }: ScreenProps) {
  const { t, lang } = useLang();
  const levels = useQuery(situationQueries.levels()).data ?? [];
  const orgs = useQuery(orgQueries.list()).data?.items ?? [];
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [level, setLevel] = useState('');
  const [tlp, setTlp] = useState<Tlp>('TLP:AMBER');
  const [scope, setScope] = useState<ScopeValues>(NO_SCOPE);
  const [incidents, setIncidents] = useState<Prompting[]>([]);
  const [missing, setMissing] = useState<ReadonlySet<Missing>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const key = useRef(newIdempotencyKey());
  const form = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const chosenLevel = level || levels[0]?.id || '';
  const count = askedCount(scope, orgs);
  // A field being corrected stops saying it is wrong; the next review judges it again.
  const clear = (field: Missing) =>
    setMissing((current) =>
      current.has(field) ? new Set([...current].filter((f) => f !== field)) : current,
    );

  function review(event: FormEvent) {
    event.preventDefault();
    const found = new Set<Missing>();
    if (!name.trim()) found.add('name');
    if (!description.trim()) found.add('description');
    if (scope.kind === 'bodies' && scope.orgs.length === 0) found.add('scope');
    setMissing(found);
    if (found.size > 0) {
      focusAfterRender(
        found.has('scope') && found.size === 1
          ? () => document.getElementById('share-orgs')
          : firstInvalid(form),
      );
      return;
    }
    setProblem(null);
    setConfirming(true);
  }

  async function declare() {
    setBusy(true);
    setProblem(null);
    try {
      const declared = await situationsApi.declare(
        {
          name: name.trim(),
          description: description.trim(),
          level: chosenLevel,
          tlp,
          scope: scopeInput(scope, orgs),
          ...(incidents.length ? { incidentIds: incidents.map((i) => i.id) } : {}),
        },
        key.current,
      );
      setConfirming(false);
      navigate(situationPath(declared.id), 'situations.declared');
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }

  const required = <>{t('situations.required')}</>;
  return (
    <section className="situations sharing situation-new" aria-labelledby="situation-new-heading">
      <h1 id="situation-new-heading">{t('situations.newHeading')}</h1>
      <p className="muted">{t('situations.newIntro')}</p>
      <form ref={form} className="form" onSubmit={review} noValidate>
        <Field
          id="situation-name"
          label={t('situations.field.name')}
          required
          requiredMark={required}
          error={missing.has('name') ? t('situations.field.nameMissing') : undefined}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              maxLength={200}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                clear('name');
              }}
            />
          )}
        </Field>
        <Field
          id="situation-description"
          label={t('situations.field.description')}
          required
          requiredMark={required}
          error={missing.has('description') ? t('situations.field.descriptionMissing') : undefined}
        >
          {(control) => (
            <textarea
              {...control}
              rows={4}
              value={description}
              onChange={(e) => {
                setDescription(e.target.value);
                clear('description');
              }}
            />
          )}
        </Field>
        <Choices
          name="situation-level"
          legend={t('situations.field.level')}
          value={chosenLevel}
          options={levels.map((l) => ({
            value: l.id,
            label: t('situations.levelOption', { level: l[lang], minutes: l.rollCallMinutes }),
          }))}
          onChange={setLevel}
        />
        <TlpChoice name="situation-tlp" legend={t('situations.field.tlp')} value={tlp} onChange={setTlp} />
        <Choices
          name="situation-scope"
          legend={t('situations.field.scope')}
          value={scope.kind}
          options={KINDS.map((k) => ({ value: k, label: t(`situations.scope.${k}`) }))}
          onChange={(kind) => setScope({ ...scope, kind })}
        />
        {scope.kind === 'bodies' && (
          <OrgTreePicker
            orgs={orgs}
            selected={scope.orgs}
            includeAgencies={scope.withAgencies}
            error={missing.has('scope') ? t('situations.field.scopeMissing') : undefined}
            legend="situations.field.bodies"
            includeLabel="situations.field.withAgencies"
            onChange={(patch) => {
              if (patch.orgs) clear('scope');
              setScope({
                ...scope,
                ...(patch.orgs ? { orgs: patch.orgs } : {}),
                ...(patch.includeAgencies !== undefined ? { withAgencies: patch.includeAgencies } : {}),
              });
            }}
          />
        )}
        <PromptingIncidents chosen={incidents} onChange={setIncidents} />
        <button type="submit" className="primary">
          {t('situations.review')}
        </button>
      </form>
      {confirming && (
        <Dialog title={t('situations.confirmTitle')} onClose={() => setConfirming(false)}>
          <p>{t('situations.confirmQuestion', { name: name.trim(), n: count })}</p>
          {problem ? (
            <p className="error" role="alert">
              {refusalText(t, problem)}
            </p>
          ) : null}
          <div className="actions">
            <button type="button" onClick={() => setConfirming(false)}>
              {t('situations.cancel')}
            </button>
            <button type="button" className="danger" disabled={busy} onClick={declare}>
              {t('situations.declareConfirm')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
