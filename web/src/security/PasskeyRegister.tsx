import { type FormEvent, useState } from 'react';
import { useLang } from '../lang.js';
import { Field } from '../ui/Field.js';
import { passkeysSupported, registerPasskey } from './passkey.js';
import { securityProblem } from './problems.js';
import type { Enrolled } from './security.api.js';

/** Registering a passkey (or a security key) under a name its owner will recognise. */
export function PasskeyRegister({
  onRegistered,
}: {
  onRegistered: (result: Enrolled, name: string) => void;
}) {
  const { t } = useLang();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!passkeysSupported()) return <p className="muted">{t('security.passkeys.unsupported')}</p>;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const named = name.trim();
    if (!named) {
      setError(t('admin.form.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await registerPasskey(named);
      setName('');
      onRegistered(result, named);
    } catch (e) {
      // The browser's own refusal (the user closed its prompt) is no API error: say it in our words.
      setError(
        e instanceof Error && e.name !== 'ApiError' ? t('security.passkeys.failed') : securityProblem(t, e),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form passkey-register" onSubmit={submit} noValidate>
      <Field
        id="passkey-name"
        label={t('security.passkeys.name')}
        hint={t('security.passkeys.nameHint')}
        error={error ?? undefined}
      >
        {(w) => (
          <input
            {...w}
            required
            maxLength={100}
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('security.passkeys.adding') : t('security.passkeys.add')}
      </button>
    </form>
  );
}
