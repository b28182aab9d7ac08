import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type Say, Status } from '../admin/Status.js';
import { setCsrfToken } from '../api.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import type { ScreenProps } from '../screen.js';
import { ConfirmButton } from './ConfirmButton.js';
import { PasskeysSection } from './PasskeysSection.js';
import { PasswordSection } from './PasswordSection.js';
import { securityProblem } from './problems.js';
import { RecoveryCodes } from './RecoveryCodes.js';
import { SessionsSection } from './SessionsSection.js';
import { type Enrolled, securityApi, securityQueries } from './security.api.js';
import { TokensSection } from './TokensSection.js';
import { TotpSection } from './TotpSection.js';
import './security.css';

/** セキュリティ設定: the caller's own second factors, password, sessions and API tokens. */
export function SecurityScreen({ navigate }: ScreenProps) {
  const { t } = useLang();
  const client = useQueryClient();
  const factors = useLoaded(securityQueries.factors());
  const [codes, setCodes] = useState<string[] | null>(null);
  const [status, setStatus] = useState<Say | null>(null);
  const say = (said: Say) => setStatus(() => said);
  const changed = (said: Say) => {
    say(said);
    void client.invalidateQueries({ queryKey: securityQueries.factors().queryKey });
  };
  /** After a factor was added: a renewed session's CSRF token, and recovery codes to show once. */
  const enrolled = (result: Enrolled, said: Say) => {
    if (result.session) setCsrfToken(result.session.csrfToken);
    if (result.recoveryCodes) setCodes(result.recoveryCodes);
    changed(said);
  };
  const f = factors.data;
  const count = f ? (f.totp ? 1 : 0) + f.passkeys.length : 0;

  return (
    <section aria-labelledby="security-heading" className="security">
      <h1 id="security-heading">{t('security.heading')}</h1>
      <p className="muted">{t('security.intro')}</p>
      <Status say={status} />
      {codes && <RecoveryCodes codes={codes} onKept={() => setCodes(null)} />}
      {factors.error ? (
        <p className="error" role="alert">
          {securityProblem(t, factors.error)}
        </p>
      ) : !f ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          <p>{t(f.required ? 'security.required' : 'security.optional')}</p>
          <TotpSection factors={f} onEnrolled={enrolled} onChanged={changed} />
          <PasskeysSection factors={f} onEnrolled={enrolled} onChanged={changed} />
          <section aria-labelledby="codes-heading" className="card">
            <h2 id="codes-heading">{t('security.codes.heading')}</h2>
            <p>
              {count > 0 ? t('security.codes.left', { n: f.recoveryCodesLeft }) : t('security.codes.none')}
            </p>
            {count > 0 && (
              <ConfirmButton
                label={t('security.codes.regenerate')}
                question={t('security.codes.regenerateQuestion')}
                describe={(e) => securityProblem(t, e)}
                onConfirm={async () => {
                  setCodes((await securityApi.regenerateCodes()).recoveryCodes);
                  changed((tr) => tr('security.codes.issued'));
                }}
              />
            )}
          </section>
        </>
      )}
      <PasswordSection onChanged={say} />
      <SessionsSection onChanged={say} />
      <TokensSection onChanged={say} navigate={navigate} />
    </section>
  );
}
