import { useQuery } from '@tanstack/react-query';
import type { Me } from '../api.js';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { type Org, orgQueries } from '../orgs.queries.js';
import { asApiError } from './ListPage.js';
import type { ListView } from './ListView.js';

/**
 * Which bodies a user can narrow the list to: a ministry itself and its agencies; the center every body, each
 * ministry grouped with its agencies. An agency sees only its own incidents and has nothing to choose.
 */
function choices(me: Me, orgs: Org[]): { group: Org | null; members: Org[] }[] {
  const agenciesOf = (slug: string) => orgs.filter((o) => o.kind === 'agency' && o.parent === slug);
  if (me.org.kind === 'ministry') {
    const own = orgs.find((o) => o.slug === me.org.slug);
    return own ? [{ group: null, members: [own, ...agenciesOf(own.slug)] }] : [];
  }
  const center = orgs.filter((o) => o.kind === 'center');
  const ministries = orgs.filter((o) => o.kind === 'ministry');
  return [
    { group: null, members: center },
    ...ministries.map((m) => ({ group: m, members: [m, ...agenciesOf(m.slug)] })),
  ];
}

/** The body filter, with "include its agencies" when a ministry is chosen. */
export function FilterOrg({
  me,
  view,
  onChange,
}: {
  me: Me;
  view: ListView;
  onChange: (change: Partial<ListView>) => void;
}) {
  const { t, lang } = useLang();
  const found = useQuery(orgQueries.list());
  const orgs = found.data?.items ?? [];
  const error = found.error ? asApiError(found.error) : null;

  const groups = choices(me, orgs);
  const chosen = orgs.find((o) => o.slug === view.org);
  const known = groups.some((g) => g.members.some((o) => o.slug === view.org));
  const option = (o: Org) => (
    <option key={o.slug} value={o.slug}>
      {orgName(o, lang)}
    </option>
  );

  return (
    <>
      <div className="field">
        <label htmlFor="filter-org">{t('filter.org')}</label>
        <select
          id="filter-org"
          value={view.org}
          onChange={(e) => onChange({ org: e.target.value, agencies: false })}
        >
          <option value="">{t('filter.any')}</option>
          {/* A body from the address that is not (yet) in the list still shows as chosen. */}
          {view.org && !known && <option value={view.org}>{view.org}</option>}
          {groups.map(({ group, members }) =>
            group ? (
              <optgroup key={group.slug} label={orgName(group, lang)}>
                {members.map(option)}
              </optgroup>
            ) : (
              members.map(option)
            ),
          )}
        </select>
        {error && (
          <small className="error" role="alert">
            {t('common.error', { code: error.code })}
          </small>
        )}
      </div>
      {chosen?.kind === 'ministry' && (
        <div className="field checkbox">
          <input
            id="filter-agencies"
            type="checkbox"
            checked={view.agencies}
            onChange={(e) => onChange({ agencies: e.target.checked })}
          />
          <label htmlFor="filter-agencies">{t('filter.includeAgencies')}</label>
        </div>
      )}
    </>
  );
}
