import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import type { ScreenProps } from '../screen.js';
import type { ListField } from './AliasSetting.js';
import type { Org } from './admin.api.js';
import { OrgForm } from './OrgForm.js';
import { OrgTree } from './OrgTree.js';
import { problemText } from './problems.js';
import { type Say, Status } from './Status.js';
import './admin.css';
import { orgQueries } from '../orgs.queries.js';

/** 組織: the tree of bodies, each ministry's review mode, and (administrators) adding a body. */
export function OrgsAdmin({ me }: ScreenProps) {
  const { t } = useLang();
  const client = useQueryClient();
  const orgs = useLoaded(orgQueries.list());
  const [status, setStatus] = useState<Say | null>(null);
  // A body changed or added: every list of bodies loads again (this tree, the dashboard's, the pickers').
  const announce = (said: Say) => {
    setStatus(() => said);
    void client.invalidateQueries({ queryKey: ['orgs'] });
  };

  const saved = (org: Org) => {
    announce((t, lang) => t('orgs.review.saved', { name: orgName(org, lang) }));
  };
  const aliasesSaved = (org: Org, field: ListField) => {
    announce((t, lang) =>
      t(field === 'aliases' ? 'orgs.aliases.saved' : 'orgs.domains.saved', { name: orgName(org, lang) }),
    );
  };
  const added = (org: Org) => {
    announce((t, lang) => t('orgs.added', { name: orgName(org, lang) }));
  };

  return (
    <section aria-labelledby="orgs-heading" className="admin">
      <h1 id="orgs-heading">{t('orgs.heading')}</h1>
      <p className="muted">{t('orgs.intro')}</p>
      <Status say={status} />
      {orgs.error ? (
        <p className="error" role="alert">
          {problemText(t, orgs.error)}
        </p>
      ) : !orgs.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          <OrgTree
            orgs={orgs.data.items}
            reviewDeadline={orgs.data.reviewDeadline}
            me={me}
            onSaved={saved}
            onAliasesSaved={aliasesSaved}
          />
          {me.role === 'admin' && <OrgForm orgs={orgs.data.items} onAdded={added} />}
        </>
      )}
    </section>
  );
}
