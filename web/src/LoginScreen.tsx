import { type FormEvent, useState } from 'react';
import { ApiError, api, type Me } from './api.js';
import type { MessageKey } from './i18n.js';
import { useLang } from './lang.js';

/** E-mail and password; the server sets an HttpOnly session cookie and returns the CSRF token. */
export function LoginScreen({
  notice,
  onLoggedIn,
}: {
  notice: MessageKey | null;
  onLoggedIn: (session: { csrfToken: string; me: Me }) => void;
}) {
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
      const code = e instanceof ApiError ? e.code : 'network';
      setError(
        e instanceof ApiError && (e.status === 401 || e.status === 400)
          ? t('login.failed')
          : t('common.error', { code }),
      );
      setBusy(false);
    }
  }

  return (
    <main id="main" className="main login" tabIndex={-1}>
      <h1>{t('login.title')}</h1>
      <p className="muted">{t('login.intro')}</p>
      {notice && <p className="notice">{t(notice)}</p>}
      <form className="card form" onSubmit={submit}>
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
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
