import { ssoErrors } from './sso.errors.js';

/**
 * Authentication methods (RFC 8176) that mean the provider checked more than a password: an explicit `mfa` or
 * multiple channels, a one-time code, a hardware or software key, a smart card.
 */
export const MFA_AMR_VALUES: readonly string[] = ['mfa', 'mca', 'otp', 'hwk', 'swk', 'sc'];

/** Who the validated ID token (and UserInfo) says the person is. */
export interface Person {
  issuer: string;
  subject: string;
  /** Lower-cased, only when it looks like an address; never used to find an account. */
  email: string | null;
  displayName: string | null;
  /** The provider says it did a second factor (by `amr`, or by one of the provider's `acr` values). */
  secondFactor: boolean;
  amr: string[];
  acr: string | null;
}

/**
 * The string values of a claim: its whole name first (claims named by URL, such as Auth0's, hold dots), then a
 * dotted path into nested objects (Keycloak's `realm_access.roles`). Values that are not strings are ignored:
 * a group is matched as the exact text the provider sends, never normalised into another.
 */
export function claimValues(claims: Record<string, unknown>, name: string): string[] {
  let value: unknown = Object.hasOwn(claims, name) ? claims[name] : undefined;
  if (value === undefined) {
    value = claims;
    for (const part of name.split('.')) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
      const record = value as Record<string, unknown>;
      value = Object.hasOwn(record, part) ? record[part] : undefined;
    }
  }
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const EMAIL = /^[^\s@\p{C}]{1,64}@[^\s@\p{C}]+\.[^\s@\p{C}]+$/u;
const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

function displayNameOf(claims: Record<string, unknown>): string | null {
  const given = [text(claims.family_name), text(claims.given_name)].filter(Boolean).join(' ');
  const raw = text(claims.name) ?? given;
  const clean = raw.replace(/\p{C}/gu, '').replace(/\s+/gu, ' ').trim();
  return clean === '' ? null : [...clean].slice(0, 200).join('');
}

/** Reads the person from validated claims; a token without a usable subject is refused. */
export function personOf(claims: Record<string, unknown>, mfaAcrValues: readonly string[]): Person {
  const subject = text(claims.sub);
  const issuer = text(claims.iss);
  if (!subject || subject.length > 255 || /\p{C}/u.test(subject)) throw ssoErrors.claimsInvalid('sub');
  if (!issuer) throw ssoErrors.claimsInvalid('iss');
  const rawEmail = text(claims.email)?.toLowerCase();
  const email = rawEmail && rawEmail.length <= 254 && EMAIL.test(rawEmail) ? rawEmail : null;
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
  const acr = text(claims.acr) ?? null;
  return {
    issuer,
    subject,
    email,
    displayName: displayNameOf(claims),
    secondFactor: amr.some((m) => MFA_AMR_VALUES.includes(m)) || (acr !== null && mfaAcrValues.includes(acr)),
    amr,
    acr,
  };
}
