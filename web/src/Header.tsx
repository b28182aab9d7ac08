import type { Me } from './api.js';
import { orgName } from './format.js';
import { isMessageKey } from './i18n.js';
import { useLang } from './lang.js';
import './header.css';

/**
 * A person's name without its body: directories often carry the body in the name ("山田 太郎 (総務省)"), and the
 * banner names the body once, after the role.
 */
export function personName(displayName: string, org: { nameJa: string; nameEn: string }): string {
  let name = displayName.trim();
  for (const body of [org.nameJa, org.nameEn])
    for (const [open, close] of [
      ['(', ')'],
      ['（', '）'],
    ] as const) {
      const suffix = `${open}${body}${close}`;
      if (name.endsWith(suffix)) name = name.slice(0, -suffix.length).trim();
    }
  return name;
}

/** The banner: product name, who is logged in (name (role) · body, the body once), the language switch and logging out. */
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
        <p className="who" data-testid="who">
          {t('session.user', {
            name: personName(me.displayName, me.org) || me.email,
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
