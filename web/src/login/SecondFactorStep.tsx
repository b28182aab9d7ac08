import { type FormEvent, useRef, useState } from 'react';
import type { LoginAnswer, LoginMethod } from '../api.js';
import { useLang } from '../lang.js';
import { logInWithPasskey, passkeysSupported } from '../security/passkey.js';
import { securityApi } from '../security/security.api.js';
import { Field } from '../ui/Field.js';
import { firstInvalid, useFocusAfterRender } from '../ui/focus.js';
import { refusal } from './refusal.js';

type CodeMethod = 'totp' | 'recovery';

/** The second step of a log-in: a code of the authenticator app, a recovery code, or a passkey. */
export function SecondFactorStep({
  methods,
  onAnswer,
  onCancel,
}: {
  methods: LoginMethod[];
  onAnswer: (answer: LoginAnswer) => void;
  onCancel: () => void;
}) {
  const { t } = useLang();
  const [method, setMethod] = useState<CodeMethod>(methods.includes('totp') ? 'totp' : 'recovery');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender();

  async function attempt(work: () => Promise<LoginAnswer>) {
    setBusy(true);
    setError(null);
    try {
      onAnswer(await work());
    } catch (e) {
      setError(refusal(t, e, 'login.secondFactorFailed'));
      setBusy(false);
      focusAfterRender(firstInvalid(form));
    }
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!code.trim()) {
      setError(t('login.codeRequired'));
      focusAfterRender(firstInvalid(form));
      return;
    }
    void attempt(() => securityApi.secondFactor(method, code.trim()));
  }
  const switchTo = (next: CodeMethod) => {
    setMethod(next);
    setCode('');
    setError(null);
    focusAfterRender(() => document.getElementById('login-code'));
  };

  const other: CodeMethod | null =
    method === 'totp'
      ? methods.includes('recovery')
        ? 'recovery'
        : null
      : methods.includes('totp')
        ? 'totp'
        : null;
  return (
    <>
      <p>{t('login.step.secondFactorIntro')}</p>
      {(methods.includes('totp') || methods.includes('recovery')) && (
        <form className="card form" onSubmit={submit} ref={form} noValidate>
          <Field
            id="login-code"
            label={t(method === 'totp' ? 'login.totp.label' : 'login.recovery.label')}
            hint={t(method === 'totp' ? 'login.totp.hint' : 'login.recovery.hint')}
            error={error ?? undefined}
          >
            {(w) => (
              <input
                {...w}
                key={method}
                inputMode={method === 'totp' ? 'numeric' : 'text'}
                autoComplete={method === 'totp' ? 'one-time-code' : 'off'}
                spellCheck={false}
                maxLength={64}
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('login.verifying') : t('login.verify')}
          </button>
        </form>
      )}
      <div className="login-alternatives">
        {other && (
          <button type="button" className="link" onClick={() => switchTo(other)}>
            {t(other === 'recovery' ? 'login.useRecovery' : 'login.useTotp')}
          </button>
        )}
        {methods.includes('passkey') && passkeysSupported() && (
          <button type="button" disabled={busy} onClick={() => attempt(logInWithPasskey)}>
            {t('login.usePasskey')}
          </button>
        )}
        <button type="button" className="link" onClick={onCancel}>
          {t('login.cancel')}
        </button>
      </div>
    </>
  );
}
