import { type FormEvent, useState } from 'react';
import type { Me } from '../api.js';
import { askedSay } from '../changes/asked.js';
import { isAsked } from '../changes/changes.api.js';
import { useLang } from '../lang.js';
import { adminApi, type Org, type Role, type User } from './admin.api.js';
import { ConfirmDialog, Dialog } from './Dialog.js';
import { problemText } from './problems.js';
import { grantableRoles, roleName } from './roles.js';
import type { Say } from './Status.js';

export type UserAction = { kind: 'role' | 'disable' | 'enable'; user: User; org: Org | undefined };

/** The dialog of one action on a user; `onDone` gets what to announce, or null when cancelled. */
export function UserActionDialog({
  action,
  me,
  onDone,
}: {
  action: UserAction;
  me: Me;
  onDone: (said: Say | null) => void;
}) {
  const { t } = useLang();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { user } = action;
  const name = user.displayName || user.email;

  async function change(role: Role | null) {
    setBusy(true);
    setError(null);
    try {
      const answer = role
        ? await adminApi.changeUser(user.id, { role })
        : await adminApi.changeUser(user.id, { disabled: action.kind === 'disable' });
      const done = action.kind === 'disable' ? 'users.disabledDone' : 'users.enabledDone';
      // From outside the body, a new role or re-enabling is asked: said so, not as done.
      if (isAsked(answer)) onDone(askedSay(answer));
      else
        onDone(
          role ? (t) => t('users.roleChanged', { name, role: roleName(t, role) }) : (t) => t(done, { name }),
        );
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  if (action.kind === 'role')
    return (
      <RoleDialog
        user={user}
        roles={grantableRoles(me, action.org?.kind)}
        busy={busy}
        error={error ? problemText(t, error) : null}
        onSave={(role) => change(role)}
        onCancel={() => onDone(null)}
      />
    );
  const disabling = action.kind === 'disable';
  return (
    <ConfirmDialog
      title={t(disabling ? 'users.disableTitle' : 'users.enableTitle')}
      question={t(disabling ? 'users.disableQuestion' : 'users.enableQuestion', { name, email: user.email })}
      confirmLabel={t(disabling ? 'users.disable' : 'users.enable')}
      cancelLabel={t('admin.form.cancel')}
      busy={busy}
      error={error ? problemText(t, error) : null}
      onConfirm={() => change(null)}
      onCancel={() => onDone(null)}
    />
  );
}

function RoleDialog({
  user,
  roles,
  busy,
  error,
  onSave,
  onCancel,
}: {
  user: User;
  roles: readonly Role[];
  busy: boolean;
  error: string | null;
  onSave: (role: Role) => void;
  onCancel: () => void;
}) {
  const { t } = useLang();
  const [role, setRole] = useState(user.role);
  const options = roles.includes(user.role as Role) ? roles : [user.role as Role, ...roles];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(role as Role);
  };
  return (
    <Dialog title={t('users.roleTitle', { name: user.displayName || user.email })} onClose={onCancel}>
      <form className="form" onSubmit={submit}>
        <label htmlFor="user-role-change">{t('users.field.role')}</label>
        <select id="user-role-change" value={role} onChange={(e) => setRole(e.target.value)}>
          {options.map((r) => (
            <option key={r} value={r}>
              {roleName(t, r)}
            </option>
          ))}
        </select>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onCancel}>
            {t('admin.form.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy || role === user.role}>
            {t('users.changeRoleSubmit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
