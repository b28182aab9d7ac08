import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { Org } from '../admin/admin.api.js';
import { ConfirmDialog } from '../admin/Dialog.js';
import { OrgOptions } from '../admin/OrgOptions.js';
import { type Say, Status } from '../admin/Status.js';
import type { Me } from '../api.js';
import { askedSay } from '../changes/asked.js';
import { type Change, isAsked } from '../changes/changes.api.js';
import { formatDateTime, orgName } from '../format.js';
import { useLang } from '../lang.js';
import { orgQueries } from '../orgs.queries.js';
import { useLoaded } from '../queries.js';
import { contactsPath } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { PrintExport } from '../ui/PrintExport.js';
import { ContactForm } from './ContactForm.js';
import { ContactItem } from './ContactItem.js';
import { type Contact, type ContactWritten, contactQueries, contactsApi } from './contacts.api.js';
import { RulesLink } from './NotificationRules.js';
import { refusalText } from './problemText.js';
import { WebhookSecret } from './WebhookSecret.js';

/** The bodies whose structure a user may look at: all for the center and admins, a ministry's agencies. */
function readableOrgs(me: Me, orgs: readonly Org[]): Org[] {
  if (me.role === 'admin' || me.org.kind === 'center') return [...orgs];
  return orgs.filter(
    (o) => o.slug === me.org.slug || (me.role === 'security-officer' && o.parent === me.org.slug),
  );
}

const mayManage = (me: Me, slug: string) =>
  me.role === 'admin' || (me.role === 'security-officer' && me.org.slug === slug);
/** Only the body vouches for its structure and holds its webhook key; an administrator asks the rest. */
const isOwnOfficer = (me: Me, slug: string) => me.role === 'security-officer' && me.org.slug === slug;

const latest = (items: readonly Contact[]) =>
  items.reduce<string | null>(
    (at, c) => (c.verifiedAt && (!at || c.verifiedAt > at) ? c.verifiedAt : at),
    null,
  );

type Asking = { kind: 'remove'; contact: Contact } | { kind: 'rotate' };

/**
 * 連絡体制: a body's contacts in escalation order, with how and when each is reached. Its security officer
 * keeps it current (adds, edits, orders, removes, confirms it); a ministry reads its agencies', the center
 * every body's.
 */
export function ContactStructure({ me, navigate, slug: chosen }: ScreenProps & { slug: string | null }) {
  const { t, lang } = useLang();
  const slug = chosen ?? me.org.slug;
  const manage = mayManage(me, slug);
  const own = isOwnOfficer(me, slug);
  const picks = me.role === 'admin' || me.org.kind !== 'agency';
  const client = useQueryClient();
  const orgs = useLoaded({ ...orgQueries.list(), enabled: picks });
  const list = useLoaded(contactQueries.list(slug));
  const reloadList = () => void client.invalidateQueries({ queryKey: contactQueries.list(slug).queryKey });
  const [form, setForm] = useState<{ editing: Contact | null } | null>(null);
  const [asking, setAsking] = useState<Asking | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [status, setStatus] = useState<Say | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const choices = readableOrgs(me, orgs.data?.items ?? []);
  const org = choices.find((o) => o.slug === slug) ?? (slug === me.org.slug ? me.org : null);
  const items = list.data?.items ?? [];
  const verifiedAt = latest(items);

  const said = (say: Say) => {
    setProblem(null);
    setStatus(() => say);
    reloadList();
  };

  async function act(work: () => Promise<Say>) {
    setBusy(true);
    setProblem(null);
    try {
      said(await work());
    } catch (e) {
      setStatus(null);
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }

  const written = (w: ContactWritten | Change) => {
    const editing = form?.editing;
    setForm(null);
    if (isAsked(w)) {
      said(askedSay(w));
      focusAfterRender(() => addButton.current);
      return;
    }
    if (w.webhookSecret) setSecret(w.webhookSecret);
    said((t) => t(editing ? 'contacts.changed' : 'contacts.added', { name: w.name }));
    if (!w.webhookSecret) focusAfterRender(() => addButton.current);
  };

  const move = (c: Contact, by: -1 | 1) =>
    act(async () => {
      const moved = await contactsApi.change(slug, c.id, { order: c.order + by });
      if (isAsked(moved)) return askedSay(moved);
      return (t) => t('contacts.moved', { name: moved.name, n: moved.order });
    });

  const verify = () =>
    act(async () => {
      await contactsApi.verify(slug);
      return (t) => t('contacts.verified');
    });

  async function answer() {
    if (!asking) return;
    setBusy(true);
    try {
      if (asking.kind === 'remove') {
        const removed = await contactsApi.remove(slug, asking.contact.id);
        const { name } = asking.contact;
        said(isAsked(removed) ? askedSay(removed) : (t) => t('contacts.removed', { name }));
      } else {
        setSecret((await contactsApi.rotateSecret(slug)).secret);
        reloadList();
      }
      setAsking(null);
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="contacts-heading" className="admin contacts">
      <div className="section-head">
        <h1 id="contacts-heading">
          {org ? t('contacts.headingOf', { org: orgName(org, lang) }) : t('contacts.heading')}
        </h1>
        {manage && (
          <button
            type="button"
            ref={addButton}
            className="primary"
            onClick={() => setForm({ editing: null })}
          >
            {t('contacts.add')}
          </button>
        )}
      </div>
      <p className="muted">{t('contacts.intro')}</p>
      {slug === me.org.slug && <RulesLink navigate={navigate} />}
      {!manage && <p className="notice">{t('contacts.readOnly')}</p>}
      {/* A contact structure is for the bodies that keep and read it: printed as TLP:AMBER. */}
      {list.data && slug && (
        <PrintExport
          tlp="TLP:AMBER"
          exportPath={`/api/v1/orgs/${encodeURIComponent(slug)}/contacts/export`}
        />
      )}
      {picks && choices.length > 1 && (
        <search className="search filters">
          <div className="filter">
            <label htmlFor="contacts-org">{t('contacts.org')}</label>
            <select
              id="contacts-org"
              value={slug}
              onChange={(e) => e.target.value && navigate(contactsPath(e.target.value))}
            >
              <OrgOptions orgs={choices} none={t('contacts.orgChoose')} />
            </select>
          </div>
        </search>
      )}
      <Status say={status} />
      {problem ? (
        <p className="error" role="alert">
          {refusalText(t, problem)}
        </p>
      ) : null}
      {secret && <WebhookSecret secret={secret} onClose={() => setSecret(null)} />}
      {list.error ? (
        <p className="error" role="alert">
          {refusalText(t, list.error)}
        </p>
      ) : !list.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          <div className="verification card">
            <p>
              {verifiedAt
                ? t('contacts.verifiedAt', { at: formatDateTime(verifiedAt, lang) })
                : t('contacts.neverVerified')}
            </p>
            {own && items.length > 0 && (
              <button type="button" disabled={busy} onClick={verify}>
                {t('contacts.verify')}
              </button>
            )}
          </div>
          <p className="muted" aria-live="polite">
            {t('contacts.count', { n: items.length })}
          </p>
          {items.length === 0 ? (
            <p>{t('contacts.empty')}</p>
          ) : (
            <ol className="contact-list" aria-label={t('contacts.listLabel')}>
              {items.map((c, i) => (
                <ContactItem
                  key={c.id}
                  contact={c}
                  first={i === 0}
                  last={i === items.length - 1}
                  manage={manage}
                  busy={busy}
                  onEdit={() => setForm({ editing: c })}
                  onRemove={() => setAsking({ kind: 'remove', contact: c })}
                  onMove={(by) => move(c, by)}
                />
              ))}
            </ol>
          )}
          {own && list.data.webhookSecretCreatedAt && (
            <p className="webhook-key">
              <span className="muted">
                {t('contacts.secretCreatedAt', {
                  at: formatDateTime(list.data.webhookSecretCreatedAt, lang),
                })}
              </span>{' '}
              <button type="button" onClick={() => setAsking({ kind: 'rotate' })}>
                {t('contacts.secretRotate')}
              </button>
            </p>
          )}
        </>
      )}
      {form && (
        <ContactForm slug={slug} editing={form.editing} onDone={written} onCancel={() => setForm(null)} />
      )}
      {asking && (
        <ConfirmDialog
          title={t(asking.kind === 'remove' ? 'contacts.removeTitle' : 'contacts.rotateTitle')}
          question={
            asking.kind === 'remove'
              ? t('contacts.removeQuestion', { name: asking.contact.name })
              : t('contacts.rotateQuestion')
          }
          confirmLabel={t(asking.kind === 'remove' ? 'contacts.remove' : 'contacts.secretRotate')}
          cancelLabel={t('contacts.cancel')}
          busy={busy}
          error={problem ? refusalText(t, problem) : null}
          onConfirm={answer}
          onCancel={() => {
            setAsking(null);
            setProblem(null);
          }}
        />
      )}
    </section>
  );
}
