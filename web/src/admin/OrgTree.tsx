import type { Me } from '../api.js';
import { orgName } from '../format.js';
import type { MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { AliasSetting, type ListField } from './AliasSetting.js';
import type { Org, ReviewDeadline } from './admin.api.js';
import { RoutingSetting } from './RoutingSetting.js';

const KIND: Record<string, MessageKey> = {
  center: 'orgs.kind.center',
  ministry: 'orgs.kind.ministry',
  agency: 'orgs.kind.agency',
};

/** Who may change a ministry's review mode: an administrator, or that ministry's own security officer. */
const mayConfigure = (me: Me, org: Org) =>
  me.role === 'admin' || (me.role === 'security-officer' && me.org.slug === org.slug);

/** The tree center → ministries → agencies, as nested lists a screen reader announces with their sizes. */
export function OrgTree({
  orgs,
  reviewDeadline,
  me,
  onSaved,
  onAliasesSaved,
}: {
  orgs: Org[];
  reviewDeadline: ReviewDeadline;
  me: Me;
  onSaved: (org: Org) => void;
  onAliasesSaved: (org: Org, field: ListField) => void;
}) {
  const { t } = useLang();
  const center = orgs.find((o) => o.kind === 'center');
  const ministries = orgs.filter((o) => o.kind === 'ministry');
  const agencies = orgs.filter((o) => o.kind === 'agency');
  const admin = me.role === 'admin';
  const items = ministries.map((m) => (
    <Ministry
      key={m.slug}
      org={m}
      agencies={agencies.filter((a) => a.parent === m.slug)}
      reviewDeadline={reviewDeadline}
      editable={mayConfigure(me, m)}
      admin={admin}
      onSaved={onSaved}
      onAliasesSaved={onAliasesSaved}
    />
  ));
  return (
    <section aria-labelledby="orgs-tree-heading">
      <h2 id="orgs-tree-heading">{t('orgs.tree')}</h2>
      <p className="muted">
        {t('orgs.counts', { ministries: ministries.length, agencies: agencies.length })}
      </p>
      {me.role === 'security-officer' && <p className="notice">{t('orgs.review.ownOnly')}</p>}
      {center ? (
        <ul className="orgs-tree">
          <li>
            <OrgName org={center} />
            <AliasSetting org={center} editable={admin} onSaved={onAliasesSaved} />
            {items.length > 0 && <ul>{items}</ul>}
          </li>
        </ul>
      ) : (
        <ul className="orgs-tree">{items}</ul>
      )}
    </section>
  );
}

function Ministry({
  org,
  agencies,
  reviewDeadline,
  editable,
  admin,
  onSaved,
  onAliasesSaved,
}: {
  org: Org;
  agencies: Org[];
  reviewDeadline: ReviewDeadline;
  editable: boolean;
  admin: boolean;
  onSaved: (org: Org) => void;
  onAliasesSaved: (org: Org, field: ListField) => void;
}) {
  const { t, lang } = useLang();
  const headingId = `org-${org.slug}`;
  return (
    <li className="ministry" data-slug={org.slug}>
      <h3 id={headingId}>
        {orgName(org, lang)}{' '}
        <span className="muted small">{t('orgs.agencyCount', { n: agencies.length })}</span>
      </h3>
      <p className="org-meta">
        <span className="badge kind">{t('orgs.kind.ministry')}</span> <code>{org.slug}</code>
      </p>
      <AliasSetting org={org} editable={admin} onSaved={onAliasesSaved} />
      <AliasSetting org={org} field="domains" editable={admin} onSaved={onAliasesSaved} />
      <RoutingSetting
        org={org}
        bounds={reviewDeadline}
        editable={editable}
        describedBy={headingId}
        onSaved={onSaved}
      />
      {agencies.length > 0 && (
        <ul aria-label={t('orgs.agenciesOf', { name: orgName(org, lang) })}>
          {agencies.map((a) => (
            <li key={a.slug} data-slug={a.slug}>
              <OrgName org={a} />
              <AliasSetting org={a} editable={admin} onSaved={onAliasesSaved} />
              <AliasSetting org={a} field="domains" editable={admin} onSaved={onAliasesSaved} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function OrgName({ org }: { org: Org }) {
  const { t, lang } = useLang();
  const kind = KIND[org.kind];
  return (
    <span className="org-name">
      <strong>{orgName(org, lang)}</strong> {kind && <span className="badge kind">{t(kind)}</span>}{' '}
      <code>{org.slug}</code>
    </span>
  );
}
