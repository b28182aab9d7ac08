import { useState } from 'react';
import type { Me } from '../api.js';
import { formatDate, formatDateTime, orgName } from '../format.js';
import { useLang } from '../lang.js';
import type { Org, User } from './admin.api.js';
import { isSelf, roleName } from './roles.js';
import type { Say } from './Status.js';
import { UserCredentials } from './UserCredentials.js';
import { type UserAction, UserActionDialog } from './UserDialogs.js';

/**
 * The users shown, one row each, with what `me` may do to them. Nobody is offered to change or disable
 * themselves: the server refuses it (users.self_change), and a button that always fails is a trap.
 */
export function UserTable({
  users,
  me,
  orgs,
  onChanged,
}: {
  users: User[];
  me: Me;
  orgs: ReadonlyMap<string, Org>;
  onChanged: (said: Say) => void;
}) {
  const { t, lang } = useLang();
  const [action, setAction] = useState<UserAction | null>(null);

  return (
    <>
      <table className="incidents admin-table">
        <caption className="visually-hidden">{t('users.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('users.col.name')}</th>
            <th scope="col">{t('users.col.org')}</th>
            <th scope="col">{t('users.col.role')}</th>
            <th scope="col">{t('users.col.state')}</th>
            <th scope="col">{t('users.col.created')}</th>
            <th scope="col">{t('users.col.lastLogin')}</th>
            <th scope="col">{t('users.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => {
            const org = orgs.get(u.orgSlug);
            const rowId = `user-${u.id}`;
            const self = isSelf(me, u);
            return (
              <tr key={u.id} className={u.disabled ? 'disabled' : undefined}>
                <th scope="row" id={rowId}>
                  {u.displayName}
                  {u.displayName !== u.email && <span className="muted block">{u.email}</span>}
                  {self && <span className="muted block">{t('users.you')}</span>}
                </th>
                <td data-label={t('users.col.org')}>{org ? orgName(org, lang) : u.orgSlug}</td>
                <td data-label={t('users.col.role')}>{roleName(t, u.role)}</td>
                <td data-label={t('users.col.state')}>
                  {u.disabled ? (
                    <span className="badge state-off">{t('users.disabled')}</span>
                  ) : (
                    <span className="badge state-on">{t('users.enabled')}</span>
                  )}
                </td>
                <td data-label={t('users.col.created')}>
                  <time dateTime={u.createdAt}>{formatDate(u.createdAt, lang)}</time>
                </td>
                <td data-label={t('users.col.lastLogin')}>
                  {u.lastLoginAt ? (
                    <time dateTime={u.lastLoginAt}>{formatDateTime(u.lastLoginAt, lang)}</time>
                  ) : (
                    <span className="muted">{t('users.neverLoggedIn')}</span>
                  )}
                </td>
                <td data-label={t('users.col.actions')}>
                  {self ? (
                    <span className="muted">{t('common.none')}</span>
                  ) : (
                    <div className="row-actions">
                      <button
                        type="button"
                        aria-describedby={rowId}
                        onClick={() => setAction({ kind: 'role', user: u, org })}
                      >
                        {t('users.changeRole')}
                      </button>
                      <button
                        type="button"
                        className={u.disabled ? undefined : 'danger-outline'}
                        aria-describedby={rowId}
                        onClick={() => setAction({ kind: u.disabled ? 'enable' : 'disable', user: u, org })}
                      >
                        {u.disabled ? t('users.enable') : t('users.disable')}
                      </button>
                      {!u.disabled && <UserCredentials user={u} describedBy={rowId} onChanged={onChanged} />}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {action && (
        <UserActionDialog
          action={action}
          me={me}
          onDone={(said) => {
            setAction(null);
            if (said) onChanged(said);
          }}
        />
      )}
    </>
  );
}
