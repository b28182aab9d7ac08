import { describe, expect, it } from 'vitest';
import { personOf } from './sso.claims.js';

const base = { iss: 'https://idp.example', sub: 'u-1' };

describe('personOf', () => {
  it('takes the second factor from amr, or from an acr value the provider is configured with', () => {
    expect(personOf({ ...base, amr: ['pwd'] }, []).secondFactor).toBe(false);
    for (const amr of [['mfa'], ['pwd', 'otp'], ['hwk'], ['swk'], ['pwd', 'mca'], ['sc']])
      expect(personOf({ ...base, amr }, []).secondFactor).toBe(true);
    expect(personOf({ ...base, acr: 'urn:example:loa:3' }, []).secondFactor).toBe(false);
    expect(personOf({ ...base, acr: 'urn:example:loa:3' }, ['urn:example:loa:3']).secondFactor).toBe(true);
    expect(personOf({ ...base, amr: 'mfa' }, []).secondFactor).toBe(false);
  });

  it('refuses a token without a usable subject', () => {
    expect(() => personOf({ iss: base.iss }, [])).toThrow(
      expect.objectContaining({ code: 'sso.claims_invalid' }),
    );
    expect(() => personOf({ ...base, sub: 'a\u0000b' }, [])).toThrow(
      expect.objectContaining({ code: 'sso.claims_invalid' }),
    );
    expect(() => personOf({ ...base, sub: 'x'.repeat(256) }, [])).toThrow(
      expect.objectContaining({ code: 'sso.claims_invalid' }),
    );
  });

  it('keeps an e-mail only when it looks like one, lower-cased, and a clean display name', () => {
    expect(personOf({ ...base, email: 'Tanaka@Meti.GO.jp' }, []).email).toBe('tanaka@meti.go.jp');
    for (const email of ['no-at-sign', 'a b@x.jp', 'a@b', 'zero\u200bwidth@x.jp', 42])
      expect(personOf({ ...base, email }, []).email).toBeNull();
    expect(personOf({ ...base, name: '  田中\u0000 太郎\u202e ' }, []).displayName).toBe('田中 太郎');
    expect(personOf({ ...base, family_name: '田中', given_name: '太郎' }, []).displayName).toBe('田中 太郎');
    expect(personOf(base, []).displayName).toBeNull();
  });
});
