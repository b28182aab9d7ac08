import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { receivedIndicatorId } from '../../src/features/indicators/indicators.received-id.js';
import { indicatorStixId, STIX_ID_NAMESPACE, stixId } from '../../src/features/sharing/sharing.stix.js';
import { inboxIdOf } from '../../src/features/taxii/taxii.inbox.js';
import { uuidV5 } from '../../src/platform/ids.js';

// Ids made by UUIDv5 are stored (migration 0046 wrote the received ids with the uuid package) and shared (STIX
// ids of shares, their indicators, bundles, MISP exports, TAXII inboxes): the hand-written UUIDv5 must give
// exactly the package's ids, for any name (ASCII, Japanese, astral characters, NUL, empty) in every namespace
// used — the public STIX one and the deployment's secret indicator key (a random UUID, migration 0040). Lone
// surrogates are left out: every JSON body holding one is refused (request.invalid_unicode), and the package
// throws on them.

const ALPHABET = ['a', 'Z', '0', '.', '/', ':', '"', '\\', 'é', '日本', '😀', '\u0000', ' '];
const randomName = () =>
  Array.from({ length: randomInt(0, 60) }, () => ALPHABET[randomInt(0, ALPHABET.length)]).join('') +
  randomBytes(randomInt(0, 8)).toString('base64');

const NAMESPACES = [STIX_ID_NAMESPACE, randomUUID(), randomUUID(), randomUUID().toUpperCase()];

describe('uuidV5', () => {
  it('gives the uuid package’s v5 for random names in every namespace used', () => {
    for (const namespace of NAMESPACES) {
      for (let i = 0; i < 2000; i++) {
        const name = randomName();
        expect(uuidV5(name, namespace), `${namespace} ${JSON.stringify(name)}`).toBe(uuidv5(name, namespace));
      }
      expect(uuidV5('', namespace)).toBe(uuidv5('', namespace));
    }
  });

  it('keeps every id made from it: received indicators, STIX objects, share indicators, TAXII inboxes', () => {
    const incidentId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const idKey = randomUUID();
    for (const [type, value] of [
      ['ipv4', '192.0.2.1'],
      ['domain', 'xn--wgv71a119e.jp'],
      ['url', 'https://例え.jp/パス?q="x"'],
    ] as const) {
      expect(receivedIndicatorId(incidentId, type, value)).toBe(
        `indicator--${uuidv5(JSON.stringify(['indicator', 'received', incidentId, type, value]), STIX_ID_NAMESPACE)}`,
      );
      expect(indicatorStixId(idKey, incidentId, type, value)).toBe(
        `indicator--${uuidv5(JSON.stringify(['indicator', incidentId, type, value]), idKey)}`,
      );
    }
    expect(stixId('report', incidentId, 3)).toBe(
      `report--${uuidv5(JSON.stringify(['report', incidentId, 3]), STIX_ID_NAMESPACE)}`,
    );
    expect(inboxIdOf(incidentId)).toBe(
      uuidv5(JSON.stringify(['taxii-inbox', incidentId]), STIX_ID_NAMESPACE),
    );
  });

  it('refuses a namespace that is not a UUID, as the package does', () => {
    for (const bad of ['', 'not-a-uuid', `${STIX_ID_NAMESPACE}0`, STIX_ID_NAMESPACE.replaceAll('-', '')]) {
      expect(() => uuidv5('x', bad)).toThrow(TypeError);
      expect(() => uuidV5('x', bad)).toThrow(TypeError);
    }
  });
});
