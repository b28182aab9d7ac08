import { categoryCodes, RSIT } from '../../../src/features/incidents/taxonomy.js';
import { useLang } from '../lang.js';
import { categoryLabel, groupLabel, typeLabel } from './rsit.js';
import type { Taxonomy } from './taxonomy.js';

/** RSIT's types grouped by category, as options. */
function RsitGroups() {
  const { t } = useLang();
  return (
    <>
      {Object.entries(RSIT).map(([group, types]) => (
        <optgroup key={group} label={groupLabel(t, group)}>
          {types.map((type) => (
            <option key={type} value={`${group}/${type}`}>
              {typeLabel(t, `${group}/${type}`)}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

/**
 * The options of a category select, from the deployment's profile: the Japanese government's categories as one
 * list, RSIT's grouped by category. `withRsit` adds RSIT's types after the profile's (a filter finds incidents
 * filed with RSIT codes). A value chosen before (an incident filed under the other profile, an address) stays
 * offered, named, so that the select shows it. Key the select by whether the profile is known (see
 * taxonomyKey): options that arrive later do not select the current value by themselves.
 */
export function CategoryOptions({
  taxonomy,
  current,
  withRsit = false,
}: {
  taxonomy: Taxonomy | null;
  current: string;
  withRsit?: boolean;
}) {
  const { t } = useLang();
  const rsit = taxonomy?.profile === 'rsit';
  const codes = rsit ? [] : (taxonomy?.categories ?? []);
  const offered =
    current === '' ||
    codes.some((c) => c.code === current) ||
    ((rsit || withRsit) && categoryCodes(RSIT).has(current));
  return (
    <>
      {!offered && <option value={current}>{categoryLabel(t, current)}</option>}
      {rsit && <RsitGroups />}
      {codes.map(({ code }) => (
        <option key={code} value={code}>
          {categoryLabel(t, code)}
        </option>
      ))}
      {withRsit && <RsitGroups />}
    </>
  );
}

/** A key for the category select: it is made again once the profile's options are there, showing its value. */
export const taxonomyKey = (taxonomy: Taxonomy | null) => (taxonomy ? taxonomy.profile : 'loading');
