import { useLang } from '../lang.js';
import { Time } from '../ui/Badges.js';
import type { SituationRequest } from './RequestsApi.js';

/**
 * 完了の報告: the notes the addressed bodies gave with 完了, of the states the reader sees — its own body's; a
 * ministry's, its agencies' too; the center's, every addressee's (the API's `bodies` holds exactly those).
 */
export function RequestNotes({ items }: { items: readonly SituationRequest[] }) {
  const { t } = useLang();
  const noted = items.flatMap((r) =>
    r.bodies.flatMap((b) => (b.state === 'done' && b.doneNote ? [{ r, b, note: b.doneNote }] : [])),
  );
  if (noted.length === 0) return null;
  return (
    <section className="request-notes" aria-labelledby="request-notes-heading">
      <h3 id="request-notes-heading">{t('situations.requests.notes')}</h3>
      <ul>
        {noted.map(({ r, b, note }) => (
          <li key={`${r.id} ${b.orgId}`} className="request-note">
            <p>
              <strong>
                {r.number} {r.title}
              </strong>{' '}
              · {b.orgName}
              {b.doneAt && (
                <>
                  {' '}
                  · <Time at={b.doneAt} />
                </>
              )}
            </p>
            <p className="request-note-text">
              {t('situations.requests.doneNoteShown')} {note}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
