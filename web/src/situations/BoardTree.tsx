import { useLang } from '../lang.js';
import { AnswerBadge } from './AnswerBadge.js';
import type { BoardBody } from './situations.api.js';

/** The in-scope bodies as the organization tree (each ministry with its agencies), coloured and worded by answer. */
export function BoardTree({ bodies }: { bodies: readonly BoardBody[] }) {
  const { t } = useLang();
  const ids = new Set(bodies.map((b) => b.orgId));
  // A body whose parent is not on the board (an agency named alone) stands at the top, under its parent's name.
  const tops = bodies.filter((b) => !b.parentId || !ids.has(b.parentId));
  const below = (parent: string) => bodies.filter((b) => b.parentId === parent);
  const node = (b: BoardBody) => (
    <span className={`tree-node answer-${b.answer?.status ?? 'unanswered'}`}>
      {b.name} <AnswerBadge status={b.answer?.status ?? 'unanswered'} />
    </span>
  );
  if (bodies.length === 0) return null;
  return (
    <section aria-labelledby="board-tree-heading">
      <h3 id="board-tree-heading">{t('situations.tree')}</h3>
      <ul className="plain-list board-tree">
        {tops.map((top) => {
          const agencies = below(top.orgId);
          return (
            <li key={top.orgId}>
              {node(top)}
              {!ids.has(top.parentId ?? '') && top.parentName && (
                <span className="muted"> （{top.parentName}）</span>
              )}
              {agencies.length > 0 && (
                <ul className="plain-list nested">
                  {agencies.map((a) => (
                    <li key={a.orgId}>{node(a)}</li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
