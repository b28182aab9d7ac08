import { useCallback, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { ApiError, api, type Me, setCsrfToken, setSessionLostHandler } from './api.js';
import { Header } from './Header.js';
import type { MessageKey } from './i18n.js';
import { LoginScreen, type LoginStep, stepOf } from './LoginScreen.js';
import { LangContext, useLangState } from './lang.js';
import { Shell } from './Shell.js';

// Where a user was when their session ended (expired, logged out elsewhere, disabled): after logging in again
// they go back there. Kept for this tab only (sessionStorage), and in memory when storage is refused.
const RETURN_KEY = 'renraku.returnTo';
/** What /api/v1/me answers for a session that has a log-in step left. */
const STEP_CODES = new Set(['auth.second_factor_required', 'auth.mfa_enrolment_required']);
let returnTo: string | null = null;

function rememberPlace() {
  returnTo = window.location.pathname + window.location.search;
  try {
    window.sessionStorage.setItem(RETURN_KEY, returnTo);
  } catch {
    // Private modes may refuse storage; memory is enough within this page.
  }
}

function takePlace(): string | null {
  let place = returnTo;
  try {
    place = window.sessionStorage.getItem(RETURN_KEY) ?? place;
    window.sessionStorage.removeItem(RETURN_KEY);
  } catch {
    // As above.
  }
  returnTo = null;
  // Only a path of this app: never another origin ("//host") whatever was stored.
  return place?.startsWith('/') && !place.startsWith('//') ? place : null;
}

/** The whole app: asks who is logged in (a reload keeps the session), then shows the login or the work. */
export function App() {
  const langState = useLangState();
  // undefined while asking the server, null when nobody is logged in.
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [step, setStep] = useState<LoginStep | undefined>(undefined);

  const loggedOut = useCallback((why: MessageKey | null) => {
    setCsrfToken(null);
    setStep(undefined);
    setMe(null);
    setNotice(why);
  }, []);

  useEffect(() => {
    setSessionLostHandler(() => {
      rememberPlace();
      loggedOut('login.sessionLost');
    });
    api.me().then(
      (found) => {
        setCsrfToken(found.csrfToken ?? null);
        setMe(found);
      },
      async (e: unknown) => {
        // A reload between the steps of a log-in: go on at the step it stands at.
        if (e instanceof ApiError && STEP_CODES.has(e.code)) {
          try {
            const state = await api.loginState();
            setCsrfToken(state.csrfToken);
            setStep(stepOf(state) ?? undefined);
          } catch {
            // The step expired meanwhile: the log-in starts again.
          }
        }
        setMe(null);
      },
    );
  }, [loggedOut]);

  const logOut = useCallback(async () => {
    try {
      await api.logOut();
    } finally {
      // Logging out on purpose ends the visit: whoever logs in next starts at their own first screen.
      takePlace();
      // The shell (and its router) goes first, then the address: nothing of the visit answers the change.
      flushSync(() => loggedOut(null));
      window.history.replaceState(null, '', '/');
    }
  }, [loggedOut]);

  const loggedIn = useCallback((session: { csrfToken: string; me: Me }) => {
    const place = takePlace();
    const here = window.location.pathname + window.location.search;
    // The shell reads the address when it starts: put back the screen the lost session was on.
    if (place && place !== here) window.history.replaceState(null, '', place);
    setCsrfToken(session.csrfToken);
    setNotice(null);
    setStep(undefined);
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
        <LoginScreen notice={notice} initialStep={step} onLoggedIn={loggedIn} />
      ) : (
        <Shell me={me} />
      )}
    </LangContext.Provider>
  );
}
