import { type ReactNode, useState } from 'react';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { followLink } from '../router.js';
import type { Org, OrgCount } from './dashboard.api.js';
import { buildTree, listPathOf, openBranch, type TreeNode } from './orgTree.js';

/**
 * Every body under the center, each marked with its open incidents (a count in words, not a colour alone);
 * ministries fold their agencies away. The open branches survive live reloads: the state lives here.
 */
export function OrgTree({
  orgs,
  byOrg,
  navigate,
}: {
  orgs: Org[];
  byOrg: OrgCount[];
  navigate: (path: string) => void;
}) {
  const { t } = useLang();
  const [openOnly, setOpenOnly] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const { roots, ministries } = buildTree(orgs, byOrg);
  const shown = openOnly ? ministries.map(openBranch).filter((m): m is TreeNode => m !== null) : ministries;

  const toggle = (slug: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(slug)) next.add(slug);
      return next;
    });

  const filter = (checked: boolean) => {
    setOpenOnly(checked);
    // Asking for open incidents only means wanting to see them: branches holding some open up.
    if (checked)
      setExpanded(
        (current) =>
          new Set([...current, ...ministries.filter((m) => m.agenciesOpen > 0).map((m) => m.org.slug)]),
      );
  };

  return (
    <section aria-labelledby="tree-heading" className="panel tree-panel" data-testid="org-tree">
      <h2 id="tree-heading">{t('dashboard.tree.heading')}</h2>
      <p className="check">
        <input
          id="tree-open-only"
          type="checkbox"
          checked={openOnly}
          onChange={(e) => filter(e.target.checked)}
        />
        <label htmlFor="tree-open-only">{t('dashboard.tree.openOnly')}</label>
      </p>
      {openOnly && shown.length === 0 && <p className="muted">{t('dashboard.tree.noneOpen')}</p>}
      <ul className="org-tree">
        {roots.map((root) => (
          <li key={root.org.slug}>
            <Body node={root} navigate={navigate} />
            <ul>
              {shown.map((ministry) => (
                <Ministry
                  key={ministry.org.slug}
                  node={ministry}
                  expanded={expanded.has(ministry.org.slug)}
                  onToggle={() => toggle(ministry.org.slug)}
                  navigate={navigate}
                />
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Ministry({
  node,
  expanded,
  onToggle,
  navigate,
}: {
  node: TreeNode;
  expanded: boolean;
  onToggle: () => void;
  navigate: (path: string) => void;
}) {
  const { t } = useLang();
  const { slug } = node.org;
  const listId = `tree-agencies-${slug}`;
  return (
    <li>
      <Body node={node} navigate={navigate}>
        {node.agencies.length > 0 && (
          <button
            type="button"
            id={`tree-toggle-${slug}`}
            className="toggle"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-labelledby={`tree-toggle-${slug} tree-name-${slug}`}
            onClick={onToggle}
          >
            {t('dashboard.tree.agencies', { n: node.agencies.length })}
          </button>
        )}
        {node.agenciesOpen > 0 && (
          <span className="agencies-open">{t('dashboard.tree.agenciesOpen', { n: node.agenciesOpen })}</span>
        )}
      </Body>
      {node.agencies.length > 0 && (
        <ul id={listId} hidden={!expanded}>
          {node.agencies.map((agency) => (
            <li key={agency.org.slug}>
              <Body node={agency} navigate={navigate} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** One body: a link to its incidents and, when it has open ones, their number. */
function Body({
  node,
  navigate,
  children,
}: {
  node: TreeNode;
  navigate: (path: string) => void;
  children?: ReactNode;
}) {
  const { t, lang } = useLang();
  const path = listPathOf(node.org);
  return (
    <div
      className={`org-row${node.open > 0 ? ' has-open' : ''}`}
      data-slug={node.org.slug}
      data-open={node.open}
    >
      <a href={path} id={`tree-name-${node.org.slug}`} onClick={followLink(navigate, path)}>
        {orgName(node.org, lang)}
      </a>
      {node.open > 0 && <span className="badge open-mark">{t('dashboard.tree.open', { n: node.open })}</span>}
      {children}
    </div>
  );
}
