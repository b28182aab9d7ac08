import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { askedSay } from '../changes/asked.js';
import { type Change, isAsked } from '../changes/changes.api.js';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { useQueryState } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { adminQueries, type User } from './admin.api.js';
import { OrgOptions } from './OrgOptions.js';
import { problemText } from './problems.js';
import { ROLES, roleName } from './roles.js';
import { type Say, Status } from './Status.js';
import { UserForm } from './UserForm.js';
import { UserTable } from './UserTable.js';
import './admin.css';
import { orgQueries } from '../orgs.queries.js';
import { useFocusAfterRender } from '../ui/focus.js';

/**
 * 利用者とロール: an administrator sees everyone (or one body), a security officer its own body. Filters live in
 * the address (?org=&role=) so that a reload or a bookmark shows the same list.
 */
export function UsersAdmin({ me }: ScreenProps) {
  const { t, lang } = useLang();
  const isAdmin = me.role === 'admin';
  const [params, setParams] = useQueryState();
  const orgFilter = isAdmin ? (params.get('org') ?? '') : me.org.slug;
  const roleFilter = params.get('role') ?? '';
  const client = useQueryClient();
  const orgs = useLoaded(orgQueries.list());
  const users = useLoaded(adminQueries.users(orgFilter || null));
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState<Say | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const bySlug = useMemo(() => new Map((orgs.data?.items ?? []).map((o) => [o.slug, o])), [orgs.data]);
  const shown = users.data?.items.filter((u) => !roleFilter || u.role === roleFilter) ?? null;

  const filter = (name: 'org' | 'role', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  const changed = (said: Say) => {
    setStatus(() => said);
    void client.invalidateQueries({ queryKey: ['users'] });
  };
  const added = (result: User | Change) => {
    setAdding(false);
    if (isAsked(result)) changed(askedSay(result));
    else changed((t) => t('users.added', { name: result.displayName || result.email }));
    focusAfterRender(() => addButton.current);
  };

  return (
    <section aria-labelledby="users-heading" className="admin">
      <div className="section-head">
        <h1 id="users-heading">{t('users.heading')}</h1>
        <button
          type="button"
          ref={addButton}
          className="primary"
          aria-expanded={adding}
          aria-controls="user-form"
          onClick={() => setAdding((a) => !a)}
        >
          {t('users.add')}
        </button>
      </div>
      <p className="muted">
        {isAdmin ? t('users.introAdmin') : t('users.introOfficer', { org: orgName(me.org, lang) })}
      </p>
      <Status say={status} />
      {adding && orgs.data && (
        <UserForm
          me={me}
          orgs={orgs.data.items}
          initialOrg={orgFilter}
          onAdded={added}
          onCancel={() => {
            setAdding(false);
            addButton.current?.focus();
          }}
        />
      )}
      <search className="search filters">
        {isAdmin && (
          <div className="filter">
            <label htmlFor="users-org">{t('users.filter.org')}</label>
            <select id="users-org" value={orgFilter} onChange={(e) => filter('org', e.target.value)}>
              <OrgOptions orgs={orgs.data?.items ?? []} none={t('users.filter.allOrgs')} />
            </select>
          </div>
        )}
        <div className="filter">
          <label htmlFor="users-role">{t('users.filter.role')}</label>
          <select id="users-role" value={roleFilter} onChange={(e) => filter('role', e.target.value)}>
            <option value="">{t('users.filter.allRoles')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleName(t, r)}
              </option>
            ))}
          </select>
        </div>
      </search>
      {users.error ? (
        <p className="error" role="alert">
          {problemText(t, users.error)}
        </p>
      ) : !shown ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t('users.count', { n: shown.length })}
          </p>
          {shown.length > 0 && <UserTable users={shown} me={me} orgs={bySlug} onChanged={changed} />}
        </>
      )}
    </section>
  );
}
