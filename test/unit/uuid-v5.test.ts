import { randomBytes, randomInt } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { receivedIndicatorId, stixUuidV5 } from '../../src/features/indicators/indicators.received-id.js';
import { STIX_ID_NAMESPACE } from '../../src/features/sharing/sharing.stix.js';

// The received ids are stored (migration 0046 wrote them with the uuid package): the hand-written UUIDv5 must
// give exactly the package's ids, for any name (ASCII, Japanese, astral characters, NUL, empty). Lone surrogates
// are left out: every JSON body holding one is refused (request.invalid_unicode), and the package throws on them.

const ALPHABET = ['a', 'Z', '0', '.', '/', ':', '"', '\\', 'é', '日本', '😀', '\u0000', ' '];
const randomName = () =>
  Array.from({ length: randomInt(0, 60) }, () => ALPHABET[randomInt(0, ALPHABET.length)]).join('') +
  randomBytes(randomInt(0, 8)).toString('base64');

describe('stixUuidV5', () => {
  it('gives the uuid package’s v5 in the STIX namespace for random names', () => {
    for (let i = 0; i < 5000; i++) {
      const name = randomName();
      expect(stixUuidV5(name)).toBe(uuidv5(name, STIX_ID_NAMESPACE));
    }
    expect(stixUuidV5('')).toBe(uuidv5('', STIX_ID_NAMESPACE));
  });

  it('names a received indicator as the migration did', () => {
    const incidentId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    for (const [type, value] of [
      ['ipv4', '192.0.2.1'],
      ['domain', 'xn--wgv71a119e.jp'],
      ['url', 'https://例え.jp/パス?q="x"'],
    ] as const)
      expect(receivedIndicatorId(incidentId, type, value)).toBe(
        `indicator--${uuidv5(JSON.stringify(['indicator', 'received', incidentId, type, value]), STIX_ID_NAMESPACE)}`,
      );
  });
});
