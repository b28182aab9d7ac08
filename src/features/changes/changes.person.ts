/**
 * The mailbox an e-mail address reaches, for telling whether two accounts are one person: compatibility forms
 * folded (NFKC: full-width letters), invisible format characters and spaces removed, lower case, a trailing dot
 * of the domain and a "+tag" of the local part dropped (tanaka+x@ reaches tanaka@).
 */
export function mailbox(email: string): string {
  const folded = email
    .normalize('NFKC')
    .replace(/[\p{Cf}\p{Z}\s]/gu, '')
    .toLowerCase();
  const at = folded.lastIndexOf('@');
  if (at < 0) return folded;
  const local = folded.slice(0, at).split('+')[0] ?? '';
  return `${local}@${folded.slice(at + 1).replace(/\.+$/, '')}`;
}

/** Whether two e-mail addresses reach the same mailbox (and so, as far as Renraku can tell, one person). */
export const samePerson = (a: string | null | undefined, b: string | null | undefined): boolean =>
  !!a && !!b && mailbox(a) === mailbox(b);
