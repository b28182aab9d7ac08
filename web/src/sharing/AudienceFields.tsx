import type { Org } from '../admin/admin.api.js';
import { useLang } from '../lang.js';
import { Choices } from './Choices.js';
import { ComposerField, errorText } from './ComposerField.js';
import type { ComposerError } from './composer.validate.js';
import type { AudienceKind, ComposerValues } from './composer.values.js';
import { OrgTreePicker } from './OrgTreePicker.js';

const KINDS: AudienceKind[] = ['all', 'ministries', 'orgs', 'users'];

/**
 * To whom: every body, every ministry, named bodies (optionally with their agencies), or — with TLP:RED only
 * — named people. The bodies are chosen in a searchable tree, ministry by ministry with their agencies beneath.
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
        <OrgTreePicker
          orgs={orgs}
          selected={values.orgs}
          includeAgencies={values.includeAgencies}
          error={message}
          onChange={onChange}
        />
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
