import { orgName } from '../format.js';
import { useLang } from '../lang.js';

/** The `<option>`s of a choice of bodies: a first one saying what choosing nothing means, then each body. */
export function OrgOptions({
  orgs,
  none,
}: {
  orgs: readonly { slug: string; nameJa: string; nameEn: string }[];
  none: string;
}) {
  const { lang } = useLang();
  return (
    <>
      <option value="">{none}</option>
      {orgs.map((o) => (
        <option key={o.slug} value={o.slug}>
          {orgName(o, lang)}
        </option>
      ))}
    </>
  );
}
