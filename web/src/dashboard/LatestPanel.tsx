import type { Incident } from '../api.js';
import { orgName } from '../format.js';
import type { MessageKey } from '../i18n.js';
import { IncidentNumber } from '../incidents/IncidentNumber.js';
import { useLang } from '../lang.js';
import type { LiveEvent } from '../live.js';
import { followLink, incidentPath } from '../router.js';
import { SeverityBadge, Time } from '../ui/Badges.js';
import type { Org } from './dashboard.api.js';
import { latestEntries, type Step } from './latest.js';

const SHOWN = 12;

const STEP_LABEL: Record<Step, MessageKey> = {
  quick: 'kind.quick',
  update: 'kind.update',
  final: 'kind.final',
  forwarded: 'dashboard.latest.forwarded',
};

/** The newest quick reports, updates and final reports, each leading to its incident. */
export function LatestPanel({
  feed,
  latest,
  orgs,
  navigate,
}: {
  feed: readonly LiveEvent[];
  latest: Incident[];
  orgs: Org[] | null;
  navigate: (path: string) => void;
}) {
  const { t, lang } = useLang();
  const incidents = new Map(latest.map((i) => [i.id, i]));
  const bodies = new Map((orgs ?? []).map((o) => [o.slug, o]));
  const entries = latestEntries(feed, latest, SHOWN);
  return (
    <section aria-labelledby="latest-heading" className="panel latest-panel" data-testid="latest">
      <h2 id="latest-heading">{t('dashboard.latest.heading')}</h2>
      {entries.length === 0 && <p className="muted">{t('dashboard.latest.empty')}</p>}
      <ol className="latest">
        {entries.map((entry) => {
          const incident = incidents.get(entry.incidentId);
          const slug = incident?.org.slug ?? entry.orgSlug;
          const body = incident?.org ?? (slug ? bodies.get(slug) : undefined);
          const name = body ? orgName(body, lang) : (slug ?? '');
          const path = incidentPath(entry.incidentId);
          return (
            <li key={entry.key} className={`latest-item step-${entry.step}`}>
              <span className="step">{t(STEP_LABEL[entry.step])}</span>
              <IncidentNumber number={incident?.number} />
              <a href={path} onClick={followLink(navigate, path)}>
                {incident?.title ?? t('dashboard.latest.untitled', { org: name })}
              </a>
              <span className="meta">
                <SeverityBadge severity={incident?.severity ?? entry.severity} /> <span>{name}</span>{' '}
                <Time at={entry.at} />
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
