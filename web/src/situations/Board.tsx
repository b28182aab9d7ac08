import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { useQueryState } from '../router.js';
import { BoardFilters, filterOf } from './BoardFilters.js';
import { BoardTable } from './BoardTable.js';
import { BoardTree } from './BoardTree.js';
import { refusalText } from './problemText.js';
import { type BoardAnswer, boardCsvHref, type Counts, situationQueries } from './situations.api.js';

const COUNTED: readonly (BoardAnswer | 'total')[] = [
  'affected',
  'investigating',
  'none',
  'unanswered',
  'total',
];

/** Counts by answer as words and numbers. */
export function CountsList({ counts, label }: { counts: Counts; label: string }) {
  const { t } = useLang();
  return (
    <dl className="answer-counts" aria-label={label}>
      {COUNTED.map((k) => (
        <div key={k} className={`answer-${k}`}>
          <dt>{t(k === 'total' ? 'situations.count.total' : `situations.answer.${k}`)}</dt>
          <dd>{counts[k]}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The board (集計): every in-scope body the reader may see (the center all, a ministry itself and its agencies)
 * with its answer, counts by answer and by ministry, the tree coloured by answer, filters in the address, CSV.
 */
export function Board({ situationId }: { situationId: string }) {
  const { t } = useLang();
  const [params, setParams] = useQueryState();
  const filter = filterOf(params);
  const board = useLoaded(situationQueries.board(situationId, filter));
  const b = board.data;
  return (
    <section className="board" aria-labelledby="board-heading">
      <h2 id="board-heading">{t('situations.board')}</h2>
      {board.error && !b ? (
        <p className="error" role="alert">
          {refusalText(t, board.error)}
        </p>
      ) : null}
      {!b && !board.error ? <p className="muted">{t('common.loading')}</p> : null}
      {b && (
        <>
          <CountsList counts={b.counts} label={t('situations.countsLabel')} />
          {b.byMinistry.length > 1 && (
            <table className="incidents by-ministry">
              <caption>{t('situations.byMinistry')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('situations.col.ministry')}</th>
                  {COUNTED.map((k) => (
                    <th scope="col" key={k}>
                      {t(k === 'total' ? 'situations.count.total' : `situations.answer.${k}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {b.byMinistry.map((m) => (
                  <tr key={m.orgId}>
                    <th scope="row">{m.name}</th>
                    {COUNTED.map((k) => (
                      <td
                        key={k}
                        data-label={t(k === 'total' ? 'situations.count.total' : `situations.answer.${k}`)}
                      >
                        {m.counts[k]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <BoardFilters
            filter={filter}
            ministries={b.byMinistry}
            onChange={(next) => {
              const query = new URLSearchParams(params);
              for (const [name, value] of Object.entries(next))
                if (value) query.set(name, value);
                else query.delete(name);
              setParams(query, false);
            }}
          />
          <p>
            <a href={boardCsvHref(situationId, filter)} download>
              {t('situations.csv')}
            </a>
          </p>
          <BoardTable bodies={b.bodies} />
          <BoardTree bodies={b.bodies} />
        </>
      )}
    </section>
  );
}
