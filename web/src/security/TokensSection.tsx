import { useQueryClient } from '@tanstack/react-query';
import { adminApi, adminQueries } from '../admin/admin.api.js';
import type { Say } from '../admin/Status.js';
import { TokenTable } from '../admin/TokenTable.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { followLink } from '../router.js';
import { ConfirmButton } from './ConfirmButton.js';
import { securityProblem } from './problems.js';

/** The caller's API tokens, seen and revoked here; made on the tokens screen. */
export function TokensSection({
  onChanged,
  navigate,
}: {
  onChanged: (said: Say) => void;
  navigate: (path: string) => void;
}) {
  const { t } = useLang();
  const client = useQueryClient();
  const tokens = useLoaded(adminQueries.tokens());
  return (
    <section aria-labelledby="security-tokens-heading" className="card">
      <h2 id="security-tokens-heading">{t('security.tokens.heading')}</h2>
      <p>
        {t('security.tokens.intro')}{' '}
        <a href="/admin/tokens" onClick={followLink(navigate, '/admin/tokens')}>
          {t('security.tokens.manage')}
        </a>
      </p>
      {tokens.error ? (
        <p className="error" role="alert">
          {securityProblem(t, tokens.error)}
        </p>
      ) : !tokens.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : tokens.data.items.length === 0 ? (
        <p className="muted">{t('tokens.empty')}</p>
      ) : (
        <TokenTable
          tokens={tokens.data.items}
          renderRevoke={(token) => (
            <ConfirmButton
              label={t('tokens.revoke')}
              question={t('tokens.revokeQuestion', { name: token.name })}
              describedBy={`token-${token.id}`}
              describe={(e) => securityProblem(t, e)}
              onConfirm={async () => {
                await adminApi.revokeToken(token.id);
                void client.invalidateQueries({ queryKey: adminQueries.tokens().queryKey });
                onChanged((tr) => tr('tokens.revoked', { name: token.name }));
              }}
            />
          )}
        />
      )}
    </section>
  );
}
