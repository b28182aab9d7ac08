import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api, type Me } from './api.js';
import type { MessageKey, Translate } from './i18n.js';
import { useLang } from './lang.js';
import { SsoProviders } from './SsoProviders.js';

type Session = { csrfToken: string; me: Me };

/**
 * Logging in, as a sequence of steps. Today there is one (e-mail and password); a second factor (TOTP) becomes
 * a second step that the password step leads to, without changing how the screen is built.
 */
type Step = { name: 'password' };

/** The log-in screen: the server sets an HttpOnly session cookie and returns the CSRF token. */
export function LoginScreen({
  notice,
  onLoggedIn,
}: {
  notice: MessageKey | null;
  onLoggedIn: (session: Session) => void;
}) {
  const { t } = useLang();
  const [step] = useState<Step>({ name: 'password' });
  const main = useRef<HTMLElement>(null);

  // Sent here by a lost session: the screen the user was on is gone, so the keyboard starts on this one.
  useEffect(() => {
    if (notice) main.current?.focus();
  }, [notice]);

  return (
    <main id="main" className="main login" tabIndex={-1} ref={main}>
      <h1>{t('login.title')}</h1>
      <p className="muted">{t('login.intro')}</p>
      <div role="alert">{notice && <p className="notice">{t(notice)}</p>}</div>
      {step.name === 'password' && <SsoProviders />}
      {step.name === 'password' && <PasswordStep onLoggedIn={onLoggedIn} />}
    </main>
  );
}

/** Why a log-in was refused, in words: wrong credentials, too many attempts, or the code of anything else. */
function refusal(t: Translate, e: unknown): string {
  if (!(e instanceof ApiError)) return t('common.error', { code: 'network' });
  if (e.status === 429 || e.code === 'request.rate_limited') return t('login.rateLimited');
  if (e.code === 'auth.password_login_disabled') return t('login.passwordsDisabled');
  if (e.status === 401 || e.status === 400) return t('login.failed');
  return t('common.error', { code: e.code });
}

function PasswordStep({ onLoggedIn }: { onLoggedIn: (session: Session) => void }) {
  const { t } = useLang();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await api.logIn(email.trim(), password));
    } catch (e) {
      setError(refusal(t, e));
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
      <label htmlFor="login-email">{t('login.email')}</label>
      <input
        id="login-email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <label htmlFor="login-password">{t('login.password')}</label>
      <input
        id="login-password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {error && (
        <p id="login-error" className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('login.submitting') : t('login.submit')}
      </button>
    </form>
  );
}
