import type { Me } from './api.js';
import { orgName } from './format.js';
import { isMessageKey } from './i18n.js';
import { useLang } from './lang.js';

/** The banner: product name, who is logged in, the language switch and logging out. */
export function Header({ me, onLogOut }: { me: Me | null; onLogOut: () => void }) {
  const { t, lang, setLang } = useLang();
  const other = lang === 'ja' ? 'en' : 'ja';
  const roleKey = me ? `role.${me.role}` : '';
  return (
    <header className="top">
      <a className="skip" href="#main">
        {t('app.skipToMain')}
      </a>
      <p className="brand">{t('app.name')}</p>
      {me && (
        <p className="who">
          {t('session.user', {
            name: me.displayName || me.email,
            org: orgName(me.org, lang),
            role: isMessageKey(roleKey) ? t(roleKey) : me.role,
          })}
        </p>
      )}
      <div className="top-actions">
        <button
          type="button"
          className="ghost"
          lang={other}
          title={t('lang.switchLabel')}
          onClick={() => setLang(other)}
        >
          {t('lang.switchTo')}
        </button>
        {me && (
          <button type="button" className="ghost" onClick={onLogOut}>
            {t('session.logout')}
          </button>
        )}
      </div>
    </header>
  );
}
