import type { Say } from '../admin/Status.js';
import { formatDateTime } from '../format.js';
import { useLang } from '../lang.js';
import { ConfirmButton } from './ConfirmButton.js';
import { securityProblem } from './problems.js';
import { type Enrolled, type Factors, securityApi } from './security.api.js';
import { TotpSetup } from './TotpSetup.js';

/** The authenticator app: set up (with its QR code), or removed. */
export function TotpSection({
  factors,
  onEnrolled,
  onChanged,
}: {
  factors: Factors;
  onEnrolled: (result: Enrolled, said: Say) => void;
  onChanged: (said: Say) => void;
}) {
  const { t, lang } = useLang();
  return (
    <section aria-labelledby="totp-heading" className="card">
      <h2 id="totp-heading">{t('security.totp.heading')}</h2>
      {factors.totp ? (
        <>
          <p id="totp-state">
            {t('security.totp.on', { at: formatDateTime(factors.totp.confirmedAt, lang) })}
          </p>
          <ConfirmButton
            label={t('security.totp.remove')}
            question={t('security.totp.removeQuestion')}
            describedBy="totp-state"
            describe={(e) => securityProblem(t, e)}
            onConfirm={async () => {
              await securityApi.removeTotp();
              onChanged((tr) => tr('security.totp.removed'));
            }}
          />
        </>
      ) : (
        <>
          <p>{t('security.totp.off')}</p>
          <TotpSetup onEnrolled={(result) => onEnrolled(result, (tr) => tr('security.totp.done'))} />
        </>
      )}
    </section>
  );
}
