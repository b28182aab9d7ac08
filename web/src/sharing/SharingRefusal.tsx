import { ApiError } from '../api.js';
import { useLang } from '../lang.js';
import { followLink, incidentPath } from '../router.js';
import { problemText } from './sharingProblems.js';

/**
 * A refused share in plain words. Content taken from bodies' reports (shares.undeclared_source) names the
 * incidents it comes from, each a link: the share is to be made from them, so that their bodies consent.
 */
export function SharingRefusal({
  problem,
  navigate,
}: {
  problem: unknown;
  navigate: (path: string) => void;
}) {
  const { t } = useLang();
  const ids =
    problem instanceof ApiError && problem.code === 'shares.undeclared_source'
      ? ((problem.extra.incidentIds as string[] | undefined) ?? [])
      : [];
  return (
    <div className="error" role="alert">
      <p>{problemText(t, problem)}</p>
      {ids.length > 0 && (
        <>
          <p>{t('share.problem.derivedFrom')}</p>
          <ul className="plain-list derived-from">
            {ids.map((id) => (
              <li key={id}>
                <a href={incidentPath(id)} onClick={followLink(navigate, incidentPath(id))}>
                  <code>{id}</code>
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
