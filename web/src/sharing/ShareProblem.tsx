import { ApiError } from '../api.js';
import { useLang } from '../lang.js';
import { followLink } from '../router.js';
import { problemText } from './sharingProblems.js';

/**
 * A share or request that cannot be shown. Not found and not yours read the same (the server answers 404 for
 * both), as the app's own not-found screen.
 */
export function ShareProblem({
  error,
  navigate,
  back = '/shares',
}: {
  error: unknown;
  navigate: (path: string) => void;
  back?: string;
}) {
  const { t } = useLang();
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <section className="sharing">
      <p>
        <a href={back} onClick={followLink(navigate, back)}>
          ← {t(back === '/consents' ? 'consent.back' : 'share.back')}
        </a>
      </p>
      <p className="error" role="alert">
        {missing ? t('common.notFound') : problemText(t, error)}
      </p>
    </section>
  );
}
