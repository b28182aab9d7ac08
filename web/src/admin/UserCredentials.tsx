import { formatDateTime } from '../format.js';
import { useLang } from '../lang.js';
import { ConfirmButton } from '../security/ConfirmButton.js';
import { adminApi, type User } from './admin.api.js';
import { problemText } from './problems.js';
import type { Say } from './Status.js';

/**
 * What an administrator (or the body's security officer) does about a user's way in, never seeing it: a
 * password reset link sent to the user's own address, and a request to reset the second factors, which the
 * body confirms.
 */
export function UserCredentials({
  user,
  describedBy,
  onChanged,
}: {
  user: User;
  describedBy: string;
  onChanged: (said: Say) => void;
}) {
  const { t } = useLang();
  const name = user.displayName || user.email;
  return (
    <>
      <ConfirmButton
        label={t('admin.users.resetPassword')}
        question={t('admin.users.resetPasswordQuestion', { name })}
        describedBy={describedBy}
        describe={(e) => problemText(t, e)}
        onConfirm={async () => {
          const { expiresAt } = await adminApi.sendPasswordReset(user.id);
          onChanged((tr, lang) =>
            tr('admin.users.resetPasswordSent', { name, at: formatDateTime(expiresAt, lang) }),
          );
        }}
      />
      <ConfirmButton
        label={t('admin.users.resetMfa')}
        question={t('admin.users.resetMfaQuestion', { name })}
        describedBy={describedBy}
        describe={(e) => problemText(t, e)}
        onConfirm={async () => {
          await adminApi.askMfaReset(user.id);
          onChanged((tr) => tr('admin.users.resetMfaAsked', { name }));
        }}
      />
    </>
  );
}
