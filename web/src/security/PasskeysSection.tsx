import { type FormEvent, useState } from 'react';
import type { Say } from '../admin/Status.js';
import { formatDateTime } from '../format.js';
import { useLang } from '../lang.js';
import { ConfirmButton } from './ConfirmButton.js';
import { PasskeyRegister } from './PasskeyRegister.js';
import { securityProblem } from './problems.js';
import { type Enrolled, type Factors, type Passkey, securityApi } from './security.api.js';

/** Passkeys and security keys: the list (renamed, removed) and registering another. */
export function PasskeysSection({
  factors,
  onEnrolled,
  onChanged,
}: {
  factors: Factors;
  onEnrolled: (result: Enrolled, said: Say) => void;
  onChanged: (said: Say) => void;
}) {
  const { t } = useLang();
  return (
    <section aria-labelledby="passkeys-heading" className="card">
      <h2 id="passkeys-heading">{t('security.passkeys.heading')}</h2>
      {factors.passkeys.length === 0 ? (
        <p>{t('security.passkeys.none')}</p>
      ) : (
        <ul className="passkeys">
          {factors.passkeys.map((p) => (
            <PasskeyItem key={p.id} passkey={p} onChanged={onChanged} />
          ))}
        </ul>
      )}
      <PasskeyRegister
        onRegistered={(result, name) => onEnrolled(result, (tr) => tr('security.passkeys.added', { name }))}
      />
    </section>
  );
}

function PasskeyItem({ passkey, onChanged }: { passkey: Passkey; onChanged: (said: Say) => void }) {
  const { t, lang } = useLang();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(passkey.name);
  const [error, setError] = useState<string | null>(null);
  const nameId = `passkey-${passkey.id}`;

  async function rename(event: FormEvent) {
    event.preventDefault();
    try {
      await securityApi.renamePasskey(passkey.id, name.trim());
      setRenaming(false);
      onChanged((tr) => tr('security.passkeys.renamed'));
    } catch (e) {
      setError(securityProblem(t, e));
    }
  }
  return (
    <li>
      <p>
        <strong id={nameId}>{passkey.name}</strong>
        <br />
        <span className="muted">
          {t('security.passkeys.created')}: {formatDateTime(passkey.createdAt, lang)} ・{' '}
          {t('security.passkeys.lastUsed')}:{' '}
          {passkey.lastUsedAt ? formatDateTime(passkey.lastUsedAt, lang) : t('security.passkeys.never')}
        </span>
      </p>
      {renaming ? (
        <form className="form" onSubmit={rename} noValidate>
          <label htmlFor={`${nameId}-name`}>
            {t('security.passkeys.renameLabel', { name: passkey.name })}
          </label>
          <input
            id={`${nameId}-name`}
            maxLength={100}
            value={name}
            aria-describedby={error ? `${nameId}-error` : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {error && (
            <p className="error" id={`${nameId}-error`} role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="primary">
            {t('security.passkeys.save')}
          </button>
        </form>
      ) : (
        <div className="row-actions">
          <button type="button" aria-describedby={nameId} onClick={() => setRenaming(true)}>
            {t('security.passkeys.rename')}
          </button>
          <ConfirmButton
            label={t('security.passkeys.remove')}
            question={t('security.passkeys.removeQuestion', { name: passkey.name })}
            describedBy={nameId}
            describe={(e) => securityProblem(t, e)}
            onConfirm={async () => {
              await securityApi.removePasskey(passkey.id);
              onChanged((tr) => tr('security.passkeys.removed', { name: passkey.name }));
            }}
          />
        </div>
      )}
    </li>
  );
}
