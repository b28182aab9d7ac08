import { type FormEvent, useRef, useState } from 'react';
import { useLang } from '../lang.js';
import { Field } from '../ui/Field.js';
import { firstInvalid, useFocusAfterRender } from '../ui/focus.js';
import { securityProblem } from './problems.js';
import { type Enrolled, securityApi, type TotpStart } from './security.api.js';

/**
 * Setting up an authenticator app: a new secret as a QR code (an image from the server: no markup of it is
 * inserted) and as text to type by hand, then a code from the app to prove it works.
 */
export function TotpSetup({ onEnrolled }: { onEnrolled: (result: Enrolled) => void }) {
  const { t } = useLang();
  const [started, setStarted] = useState<TotpStart | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender();

  async function start() {
    setBusy(true);
    setError(null);
    try {
      setStarted(await securityApi.startTotp());
      focusAfterRender(() => document.getElementById('totp-code'));
    } catch (e) {
      setError(securityProblem(t, e));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (!/^\s*\d{6}\s*$/.test(code)) {
      setError(t('login.codeRequired'));
      focusAfterRender(firstInvalid(form));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onEnrolled(await securityApi.confirmTotp(code.trim()));
    } catch (e) {
      setError(securityProblem(t, e));
      setBusy(false);
      focusAfterRender(firstInvalid(form));
    }
  }

  if (!started)
    return (
      <div className="totp-start">
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="button" className="primary" disabled={busy} onClick={start}>
          {t('security.totp.start')}
        </button>
      </div>
    );

  return (
    <form className="form totp-setup" onSubmit={confirm} ref={form} noValidate>
      <p>{t('security.totp.scan')}</p>
      <img className="qr" src={started.qrCode} alt={t('security.totp.qrAlt')} width={200} height={200} />
      <dl className="secret-key">
        <dt>{t('security.totp.secret')}</dt>
        <dd>
          <code data-testid="totp-secret">{started.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
        </dd>
      </dl>
      <Field id="totp-code" label={t('security.totp.code')} error={error ?? undefined}>
        {(w) => (
          <input
            {...w}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={8}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        {t('security.totp.confirm')}
      </button>
    </form>
  );
}
