import type { Org } from '../admin/admin.api.js';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { Choices } from './Choices.js';
import { ComposerField, errorText } from './ComposerField.js';
import type { ComposerError } from './composer.validate.js';
import type { AudienceKind, ComposerValues } from './composer.values.js';

const KINDS: AudienceKind[] = ['all', 'ministries', 'orgs', 'users'];

/**
 * To whom: every body, every ministry, named bodies (optionally with their agencies), or — with TLP:RED only
 * — named people. The bodies are listed ministry by ministry with their agencies beneath.
 */
export function AudienceFields({
  values,
  orgs,
  error,
  onAudience,
  onChange,
}: {
  values: ComposerValues;
  orgs: readonly Org[];
  error: ComposerError | undefined;
  onAudience: (kind: AudienceKind) => void;
  onChange: (patch: Partial<ComposerValues>) => void;
}) {
  const { t } = useLang();
  const message = errorText(t, error);
  return (
    <>
      <Choices
        name="share-audience"
        legend={t('compose.audience')}
        value={values.audience}
        error={values.audience === 'all' || values.audience === 'ministries' ? message : undefined}
        options={KINDS.map((kind) => ({ value: kind, label: t(`share.audience.${kind}`) }))}
        onChange={onAudience}
      />
      {values.audience === 'orgs' && (
        <OrgPicker values={values} orgs={orgs} error={message} onChange={onChange} />
      )}
      {values.audience === 'users' && (
        <ComposerField id="share-users" label="compose.users" hint="compose.usersHint" required error={error}>
          {(control) => (
            <textarea
              {...control}
              rows={3}
              className="mono"
              value={values.users}
              onChange={(e) => onChange({ users: e.target.value })}
            />
          )}
        </ComposerField>
      )}
    </>
  );
}

function OrgPicker({
  values,
  orgs,
  error,
  onChange,
}: {
  values: ComposerValues;
  orgs: readonly Org[];
  error: string | undefined;
  onChange: (patch: Partial<ComposerValues>) => void;
}) {
  const { t, lang } = useLang();
  const chosen = new Set(values.orgs);
  const toggle = (slug: string, on: boolean) =>
    onChange({ orgs: on ? [...values.orgs, slug] : values.orgs.filter((s) => s !== slug) });
  const ministries = orgs.filter((o) => o.kind === 'ministry');
  const agenciesOf = (slug: string) => orgs.filter((o) => o.kind === 'agency' && o.parent === slug);
  const box = (org: Org) => (
    <div className="check">
      <input
        type="checkbox"
        id={`audience-org-${org.slug}`}
        checked={chosen.has(org.slug)}
        onChange={(e) => toggle(org.slug, e.target.checked)}
      />
      <label htmlFor={`audience-org-${org.slug}`}>{orgName(org, lang)}</label>
    </div>
  );
  return (
    <fieldset
      id="share-orgs"
      className={`org-picker${error ? ' invalid' : ''}`}
      aria-describedby={error ? 'share-orgs-error' : undefined}
      tabIndex={-1}
    >
      <legend>{t('compose.orgs')}</legend>
      {error && (
        <p id="share-orgs-error" className="field-error">
          {error}
        </p>
      )}
      <ul className="plain-list">
        {ministries.map((ministry) => (
          <li key={ministry.slug}>
            {box(ministry)}
            {agenciesOf(ministry.slug).length > 0 && (
              <ul className="plain-list nested">
                {agenciesOf(ministry.slug).map((agency) => (
                  <li key={agency.slug}>{box(agency)}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <div className="check include-agencies">
        <input
          type="checkbox"
          id="share-include-agencies"
          checked={values.includeAgencies}
          onChange={(e) => onChange({ includeAgencies: e.target.checked })}
        />
        <label htmlFor="share-include-agencies">{t('compose.includeAgencies')}</label>
      </div>
    </fieldset>
  );
}
