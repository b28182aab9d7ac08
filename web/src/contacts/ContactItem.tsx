import { useLang } from '../lang.js';
import type { Contact } from './contacts.api.js';

/** How a contact is reached: e-mail, telephone numbers to call, the webhook's address. */
function Channels({ contact }: { contact: Contact }) {
  const { t } = useLang();
  return (
    <dl className="contact-channels">
      {contact.email && (
        <div>
          <dt>{t('contacts.email')}</dt>
          <dd>
            <a href={`mailto:${contact.email}`}>{contact.email}</a>
          </dd>
        </div>
      )}
      {contact.phones.map((p) => (
        <div key={p.number}>
          <dt>
            {t('contacts.phone')}
            {p.label ? `（${p.label}）` : ''}
          </dt>
          <dd>
            <a href={`tel:${p.number.replace(/[^0-9+]/g, '')}`}>{p.number}</a>
          </dd>
        </div>
      ))}
      {contact.webhookUrl && (
        <div>
          <dt>{t('contacts.webhook')}</dt>
          <dd className="mono">{contact.webhookUrl}</dd>
        </div>
      )}
    </dl>
  );
}

/** When a contact can be reached, and whether that is now. */
function Availability({ contact }: { contact: Contact }) {
  const { t } = useLang();
  const hours =
    contact.availability === '24/7'
      ? t('contacts.always')
      : t('contacts.businessHours', {
          start: contact.businessHours.start,
          end: contact.businessHours.end,
          zone: contact.timeZone,
        });
  return (
    <p className="contact-availability">
      <span>{hours}</span>{' '}
      <span className={`badge ${contact.available ? 'available' : 'unavailable'}`}>
        {contact.available ? t('contacts.availableNow') : t('contacts.unavailableNow')}
      </span>
    </p>
  );
}

/** One contact of the structure, at its place in the escalation order, with the actions of a manager. */
export function ContactItem({
  contact,
  first,
  last,
  manage,
  busy,
  onEdit,
  onRemove,
  onMove,
}: {
  contact: Contact;
  first: boolean;
  last: boolean;
  manage: boolean;
  busy: boolean;
  onEdit: () => void;
  onRemove: () => void;
  onMove: (by: -1 | 1) => void;
}) {
  const { t } = useLang();
  const headingId = `contact-${contact.id}-name`;
  return (
    <li className="card contact">
      <div className="contact-head">
        <span className="contact-order">{t('contacts.order', { n: contact.order })}</span>
        <h2 id={headingId}>{contact.name}</h2>
        <span className="badge contact-role">{t(`contacts.role.${roleOf(contact.role)}`)}</span>
      </div>
      <Availability contact={contact} />
      <Channels contact={contact} />
      {contact.hasAccount && <p className="muted small">{t('contacts.hasAccount')}</p>}
      {manage && (
        <div className="row-actions">
          <button type="button" disabled={busy || first} onClick={() => onMove(-1)}>
            ↑ {t('contacts.moveUp')}
            <Whose name={contact.name} />
          </button>
          <button type="button" disabled={busy || last} onClick={() => onMove(1)}>
            ↓ {t('contacts.moveDown')}
            <Whose name={contact.name} />
          </button>
          <button type="button" onClick={onEdit}>
            {t('contacts.edit')}
            <Whose name={contact.name} />
          </button>
          <button type="button" className="danger-outline" onClick={onRemove}>
            {t('contacts.remove')}
            <Whose name={contact.name} />
          </button>
        </div>
      )}
    </li>
  );
}

/** The contact a button acts on, for screen readers: every row has the same visible buttons. */
const Whose = ({ name }: { name: string }) => <span className="visually-hidden">（{name}）</span>;

const ROLES = ['ciso', 'csirt-lead', 'duty-officer', 'deputy', 'other'] as const;
const roleOf = (role: string) => ROLES.find((r) => r === role) ?? 'other';
