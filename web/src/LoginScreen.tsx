import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api, type LoginAnswer, type LoginMethod, type Me, setCsrfToken } from './api.js';
import type { MessageKey } from './i18n.js';
import { useLang } from './lang.js';
import { EnrolStep } from './login/EnrolStep.js';
import { refusal } from './login/refusal.js';
import { SecondFactorStep } from './login/SecondFactorStep.js';
import { SsoProviders } from './SsoProviders.js';
import { logInWithPasskey, passkeysSupported } from './security/passkey.js';
import { useFocusAfterRender } from './ui/focus.js';

type Session = { csrfToken: string; me: Me };

/**
 * Logging in, as a sequence of steps: the password (or a passkey alone), then, for a user who has one, the
 * second factor; a user whose role needs one and has none sets it up first.
 */
export type LoginStep =
  | { name: 'password' }
  | { name: 'second-factor'; methods: LoginMethod[] }
  | { name: 'enrol' };

/** The step a log-in answer leads to (a complete log-in has none). */
export const stepOf = (answer: LoginAnswer): LoginStep | null =>
  answer.stage === 'second-factor'
    ? { name: 'second-factor', methods: answer.methods ?? [] }
    : answer.stage === 'enrol'
      ? { name: 'enrol' }
      : null;

/** The log-in screen: the server sets an HttpOnly session cookie and returns the CSRF token. */
export function LoginScreen({
  notice,
  initialStep = { name: 'password' },
  onLoggedIn,
}: {
  notice: MessageKey | null;
  initialStep?: LoginStep;
  onLoggedIn: (session: Session) => void;
}) {
  const { t } = useLang();
  const [step, setStep] = useState<LoginStep>(initialStep);
  const main = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const focusAfterRender = useFocusAfterRender();

  // Sent here by a lost session: the screen the user was on is gone, so the keyboard starts on this one.
  useEffect(() => {
    if (notice) main.current?.focus();
  }, [notice]);

  const answered = (answer: LoginAnswer) => {
    setCsrfToken(answer.csrfToken);
    const next = stepOf(answer);
    if (!next && answer.me) return onLoggedIn({ csrfToken: answer.csrfToken, me: answer.me });
    setStep(next ?? { name: 'password' });
    // A new step: the keyboard and screen readers start on its heading.
    focusAfterRender(() => heading.current);
  };
  const cancel = async () => {
    try {
      await api.logOut();
    } finally {
      setCsrfToken(null);
      setStep({ name: 'password' });
      focusAfterRender(() => heading.current);
    }
  };

  const title: MessageKey =
    step.name === 'second-factor'
      ? 'login.step.secondFactor'
      : step.name === 'enrol'
        ? 'login.step.enrol'
        : 'login.title';
  return (
    <main id="main" className="main login" tabIndex={-1} ref={main}>
      <h1 ref={heading} tabIndex={-1}>
        {t(title)}
      </h1>
      {step.name === 'password' && <p className="muted">{t('login.intro')}</p>}
      <div role="alert">{notice && step.name === 'password' && <p className="notice">{t(notice)}</p>}</div>
      {step.name === 'password' && <SsoProviders />}
      {step.name === 'password' && <PasswordStep onAnswer={answered} />}
      {step.name === 'second-factor' && (
        <SecondFactorStep methods={step.methods} onAnswer={answered} onCancel={cancel} />
      )}
      {step.name === 'enrol' && <EnrolStep onLoggedIn={onLoggedIn} onCancel={cancel} />}
    </main>
  );
}

function PasswordStep({ onAnswer }: { onAnswer: (answer: LoginAnswer) => void }) {
  const { t } = useLang();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function attempt(work: () => Promise<LoginAnswer>, wrong: MessageKey) {
    setBusy(true);
    setError(null);
    try {
      onAnswer(await work());
    } catch (e) {
      setError(e instanceof ApiError ? refusal(t, e, wrong) : t(wrong));
      setBusy(false);
    }
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void attempt(() => api.logIn(email.trim(), password), 'login.failed');
  };

  return (
    <>
      <form className="card form" onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
        <label htmlFor="login-email">{t('login.email')}</label>
        <input
          id="login-email"
          type="email"
          autoComplete="username webauthn"
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
      {passkeysSupported() && (
        <div className="login-alternatives">
          <p className="muted">{t('login.or')}</p>
          <button
            type="button"
            disabled={busy}
            onClick={() => attempt(logInWithPasskey, 'login.passkeyFailed')}
          >
            {t('login.passkey')}
          </button>
        </div>
      )}
    </>
  );
}
