import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import type { TreeOrg } from './amberClients.js';
import { stillClients } from './amberClients.js';
import type { Share } from './sharing.api.js';
import type { Stricter } from './stricter.js';

/**
 * The recipients a consenting body keeps, as checkboxes. Under TLP:AMBER an unticked agency whose ministry
 * stays ticked still receives the share as the ministry's client: a note next to the list says so and how to
 * remove it, tied to that agency's checkbox, rather than letting the officer believe it was removed.
 */
export function KeptRecipients({
  share,
  value,
  tree,
  onChange,
}: {
  share: Share;
  value: Stricter;
  tree: readonly TreeOrg[];
  onChange: (kept: string[]) => void;
}) {
  const { t, lang } = useLang();
  const recipients = share.recipients ?? { orgs: [], users: [] };
  const people = share.audience.kind === 'users';
  const choices = people
    ? recipients.users.map((u) => ({ key: u.email, text: u.email }))
    : recipients.orgs.map((o) => ({ key: o.slug, text: orgName(o, lang) }));
  const name = (slug: string) => choices.find((c) => c.key === slug)?.text ?? slug;
  const clients = stillClients(share, value, tree);
  const noteOf = (slug: string) => clients.find((c) => c.agency === slug);
  return (
    <fieldset className="checks kept-recipients">
      <legend>{t(people ? 'consent.stricter.users' : 'consent.stricter.orgs')}</legend>
      <p className="hint">{t('consent.stricter.recipientsHint')}</p>
      {choices.map((c) => (
        <div className="check" key={c.key}>
          <input
            type="checkbox"
            id={`keep-${c.key}`}
            checked={value.kept.includes(c.key)}
            aria-describedby={noteOf(c.key) ? `client-note-${c.key}` : undefined}
            onChange={(e) =>
              onChange(e.target.checked ? [...value.kept, c.key] : value.kept.filter((k) => k !== c.key))
            }
          />
          <label htmlFor={`keep-${c.key}`}>{c.text}</label>
        </div>
      ))}
      <div role="status" className="status-region client-notes">
        {clients.map((c) => (
          <p key={c.agency} id={`client-note-${c.agency}`} className="notice">
            {t('consent.stricter.stillClient', { agency: name(c.agency), ministry: name(c.ministry) })}
          </p>
        ))}
        {value.kept.length === 0 && <p className="notice">{t('consent.stricter.nobody')}</p>}
      </div>
    </fieldset>
  );
}
