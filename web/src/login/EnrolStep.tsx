import { useState } from 'react';
import { api, type Me, setCsrfToken } from '../api.js';
import { useLang } from '../lang.js';
import { PasskeyRegister } from '../security/PasskeyRegister.js';
import { RecoveryCodes } from '../security/RecoveryCodes.js';
import type { Enrolled } from '../security/security.api.js';
import { TotpSetup } from '../security/TotpSetup.js';
import '../security/security.css';

/**
 * The enrolment a role that needs a second factor must make before anything else: an authenticator app or a
 * passkey. The first factor renews the session (new cookie and CSRF token) and brings recovery codes, shown once.
 */
export function EnrolStep({
  onLoggedIn,
  onCancel,
}: {
  onLoggedIn: (session: { csrfToken: string; me: Me }) => void;
  onCancel: () => void;
}) {
  const { t } = useLang();
  const [enrolled, setEnrolled] = useState<Enrolled | null>(null);
  const [error, setError] = useState<string | null>(null);

  const done = (result: Enrolled) => {
    if (result.session) setCsrfToken(result.session.csrfToken);
    setEnrolled(result);
  };
  async function proceed() {
    try {
      const me = await api.me();
      onLoggedIn({ csrfToken: me.csrfToken ?? enrolled?.session?.csrfToken ?? '', me });
    } catch {
      setError(t('common.error', { code: 'network' }));
    }
  }

  if (enrolled?.recoveryCodes) return <RecoveryCodes codes={enrolled.recoveryCodes} onKept={proceed} />;
  if (enrolled)
    return (
      <button type="button" className="primary" onClick={proceed}>
        {t('login.continue')}
      </button>
    );
  return (
    <div className="enrol">
      <p>{t('login.step.enrolIntro')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="enrol-totp" className="card">
        <h2 id="enrol-totp">{t('security.totp.heading')}</h2>
        <TotpSetup onEnrolled={done} />
      </section>
      <section aria-labelledby="enrol-passkey" className="card">
        <h2 id="enrol-passkey">{t('security.passkeys.heading')}</h2>
        <PasskeyRegister onRegistered={done} />
      </section>
      <button type="button" className="link" onClick={onCancel}>
        {t('login.cancel')}
      </button>
    </div>
  );
}
