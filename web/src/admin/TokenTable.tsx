import type { ReactNode } from 'react';
import { formatDateTime } from '../format.js';
import { useLang } from '../lang.js';
import type { Token } from './admin.api.js';

/** The caller's tokens: when issued, when last used (or never), whether read-only, whether revoked. */
export function TokenTable({
  tokens,
  onRevoke,
  renderRevoke,
}: {
  tokens: Token[];
  onRevoke?: (token: Token) => void;
  /** Instead of onRevoke: the control that revokes, as the screen showing the table makes it. */
  renderRevoke?: (token: Token) => ReactNode;
}) {
  const { t, lang } = useLang();
  const when = (iso: string) => <time dateTime={iso}>{formatDateTime(iso, lang)}</time>;
  return (
    <table className="incidents admin-table">
      <caption className="visually-hidden">{t('tokens.list')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('tokens.col.name')}</th>
          <th scope="col">{t('tokens.col.created')}</th>
          <th scope="col">{t('tokens.col.lastUsed')}</th>
          <th scope="col">{t('tokens.col.state')}</th>
          <th scope="col">{t('tokens.col.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <tr key={token.id} className={token.revokedAt ? 'disabled' : undefined}>
            <th scope="row" id={`token-${token.id}`}>
              {token.name}
            </th>
            <td data-label={t('tokens.col.created')}>{when(token.createdAt)}</td>
            <td data-label={t('tokens.col.lastUsed')} data-testid="token-last-used">
              {token.lastUsedAt ? (
                when(token.lastUsedAt)
              ) : (
                <span className="muted">{t('tokens.neverUsed')}</span>
              )}
            </td>
            <td data-label={t('tokens.col.state')}>
              {token.revokedAt ? (
                <span className="badge state-off">
                  {t('tokens.revokedAt', { at: formatDateTime(token.revokedAt, lang) })}
                </span>
              ) : (
                <span className="badge state-on">{t('tokens.active')}</span>
              )}
              {token.readOnly && (
                <>
                  {' '}
                  <span className="badge">{t('tokens.readOnly')}</span>
                </>
              )}
            </td>
            <td data-label={t('tokens.col.actions')}>
              {token.revokedAt ? (
                <span className="muted">{t('common.none')}</span>
              ) : renderRevoke ? (
                renderRevoke(token)
              ) : (
                <button
                  type="button"
                  className="danger-outline"
                  aria-describedby={`token-${token.id}`}
                  onClick={() => onRevoke?.(token)}
                >
                  {t('tokens.revoke')}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
