import { useCallback, useEffect, useState } from 'react';
import { api, type Me, setCsrfToken, setSessionLostHandler } from './api.js';
import { Header } from './Header.js';
import type { MessageKey } from './i18n.js';
import { LoginScreen } from './LoginScreen.js';
import { LangContext, useLangState } from './lang.js';
import { Shell } from './Shell.js';

/** The whole app: asks who is logged in (a reload keeps the session), then shows the login or the work. */
export function App() {
  const langState = useLangState();
  // undefined while asking the server, null when nobody is logged in.
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [notice, setNotice] = useState<MessageKey | null>(null);

  const loggedOut = useCallback((why: MessageKey | null) => {
    setCsrfToken(null);
    setMe(null);
    setNotice(why);
  }, []);

  useEffect(() => {
    setSessionLostHandler(() => loggedOut('login.sessionLost'));
    api.me().then(
      (found) => {
        setCsrfToken(found.csrfToken ?? null);
        setMe(found);
      },
      () => setMe(null),
    );
  }, [loggedOut]);

  const logOut = useCallback(async () => {
    try {
      await api.logOut();
    } finally {
      loggedOut(null);
    }
  }, [loggedOut]);

  const loggedIn = useCallback((session: { csrfToken: string; me: Me }) => {
    setCsrfToken(session.csrfToken);
    setNotice(null);
    setMe(session.me);
  }, []);

  return (
    <LangContext.Provider value={langState}>
      <Header me={me ?? null} onLogOut={logOut} />
      {me === undefined ? (
        <main id="main" className="main" tabIndex={-1}>
          <p className="muted">{langState.t('common.loading')}</p>
        </main>
      ) : me === null ? (
        <LoginScreen notice={notice} onLoggedIn={loggedIn} />
      ) : (
        <Shell me={me} />
      )}
    </LangContext.Provider>
  );
}
