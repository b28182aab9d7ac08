import { type FormEvent, useState } from 'react';
import type { Org } from '../admin/admin.api.js';
import { Dialog } from '../admin/Dialog.js';
import { type Me, newIdempotencyKey } from '../api.js';
import { useLang } from '../lang.js';
import { Field } from '../ui/Field.js';
import { BodyChoice, type BodySelection, bodiesInput, NO_SELECTION } from './BodyChoice.js';
import { type Campaign, type Check, campaignsApi } from './campaigns.api.js';
import { refusalText } from './problemText.js';

/** A date `days` from today, as a date input's value (local time). */
function dayFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export type Started = { kind: 'campaign'; campaign: Campaign } | { kind: 'check'; check: Check };

/**
 * Starting a verification campaign (name, deadline, reminder, bodies) or a communication check (name,
 * bodies). One idempotency key per opening of the dialog: a double click starts one.
 */
export function StartDialog({
  kind,
  me,
  orgs,
  onStarted,
  onCancel,
}: {
  kind: 'campaign' | 'check';
  me: Me;
  orgs: readonly Org[];
  onStarted: (started: Started) => void;
  onCancel: () => void;
}) {
  const { t } = useLang();
  const [name, setName] = useState('');
  const [deadline, setDeadline] = useState(() => dayFromToday(14));
  const [remind, setRemind] = useState('3');
  const [bodies, setBodies] = useState<BodySelection>(NO_SELECTION);
  const [bodiesError, setBodiesError] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const campaign = kind === 'campaign';
  const prefix = campaign ? 'campaigns' : 'checks';

  async function submit(event: FormEvent) {
    event.preventDefault();
    const chosen = bodiesInput(bodies);
    if (!chosen.ok) {
      setBodiesError(t(chosen.missing === 'one' ? 'bodies.chooseOne' : 'bodies.chooseMinistry'));
      return;
    }
    setBodiesError(null);
    setBusy(true);
    setProblem(null);
    const named = name.trim() ? { name: name.trim() } : {};
    try {
      if (campaign) {
        const days = Number(remind);
        const started = await campaignsApi.startCampaign(
          {
            ...named,
            deadline,
            ...(remind !== '' && Number.isInteger(days) ? { remindDaysBefore: days } : {}),
            ...chosen.input,
          },
          key,
        );
        onStarted({ kind: 'campaign', campaign: started });
      } else {
        onStarted({
          kind: 'check',
          check: await campaignsApi.startCheck({ ...named, ...chosen.input }, key),
        });
      }
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t(campaign ? 'campaigns.startTitle' : 'checks.startTitle')} onClose={onCancel}>
      <form className="form start-form" noValidate onSubmit={submit}>
        <Field id={`${prefix}-name`} label={t(`${prefix}.field.name`)} hint={t(`${prefix}.field.nameHint`)}>
          {(w) => <input {...w} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
        </Field>
        {campaign && (
          <>
            <Field id="campaign-deadline" label={t('campaigns.field.deadline')} required>
              {(w) => (
                <input {...w} type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
              )}
            </Field>
            <Field
              id="campaign-remind"
              label={t('campaigns.field.remind')}
              hint={t('campaigns.field.remindHint')}
            >
              {(w) => (
                <input
                  {...w}
                  className="narrow"
                  type="number"
                  min={0}
                  max={60}
                  value={remind}
                  onChange={(e) => setRemind(e.target.value)}
                />
              )}
            </Field>
          </>
        )}
        <BodyChoice me={me} orgs={orgs} value={bodies} onChange={setBodies} error={bodiesError} />
        {problem ? (
          <p className="error" role="alert">
            {refusalText(t, problem)}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t(campaign ? 'campaigns.submit' : 'checks.submit')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('campaigns.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
