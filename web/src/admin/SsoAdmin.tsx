import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import type { ScreenProps } from '../screen.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { LoginPolicyForm } from './LoginPolicyForm.js';
import { problemText } from './problems.js';
import { SsoProviderCard } from './SsoProviderCard.js';
import { SsoProviderForm } from './SsoProviderForm.js';
import { type Say, Status } from './Status.js';
import { isPending, ssoQueries } from './sso.api.js';
import './admin.css';
import { orgQueries } from '../orgs.queries.js';

/**
 * シングルサインオン: the identity providers of the bodies and their mappings (administrators configure them; a
 * security officer sees its own), and each body's login policy (local passwords on or off, break-glass accounts).
 */
export function SsoAdmin({ me }: ScreenProps) {
  const { t } = useLang();
  const isAdmin = me.role === 'admin';
  const client = useQueryClient();
  const providers = useLoaded(ssoQueries.providers());
  const orgs = useLoaded(orgQueries.list());
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState<Say | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();

  // A change to an existing body's sign-in may wait for that body's security officer to confirm it.
  const changed = (result: unknown, done: Say) => {
    const pending: Say = (t) => t('sso.pending');
    setStatus(() => (isPending(result) ? pending : done));
    void client.invalidateQueries({ queryKey: ['sso'] });
  };

  return (
    <section aria-labelledby="sso-heading" className="admin">
      <div className="section-head">
        <h1 id="sso-heading">{t('sso.heading')}</h1>
        {isAdmin && (
          <button
            type="button"
            ref={addButton}
            className="primary"
            aria-expanded={adding}
            aria-controls="sso-form"
            onClick={() => setAdding((a) => !a)}
          >
            {t('sso.add')}
          </button>
        )}
      </div>
      <p className="muted">{isAdmin ? t('sso.introAdmin') : t('sso.introOfficer')}</p>
      <Status say={status} />
      {adding && orgs.data && (
        <SsoProviderForm
          orgs={orgs.data.items}
          onDone={(result, name) => {
            setAdding(false);
            changed(result, (t) => t('sso.added', { name }));
            focusAfterRender(() => addButton.current);
          }}
          onCancel={() => {
            setAdding(false);
            addButton.current?.focus();
          }}
        />
      )}
      {providers.error ? (
        <p className="error" role="alert">
          {problemText(t, providers.error)}
        </p>
      ) : !providers.data || !orgs.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : providers.data.items.length === 0 ? (
        <p className="muted">{t('sso.none')}</p>
      ) : (
        providers.data.items.map((p) => (
          <SsoProviderCard
            key={p.slug}
            me={me}
            provider={p}
            orgs={orgs.data?.items ?? []}
            onChanged={(result) => changed(result, (t) => t('sso.saved'))}
          />
        ))
      )}
      {orgs.data && (me.role === 'admin' || me.role === 'security-officer') && (
        <LoginPolicyForm
          me={me}
          orgs={orgs.data.items}
          onDone={(result) => changed(result, (t) => t('policy.saved'))}
        />
      )}
    </section>
  );
}
