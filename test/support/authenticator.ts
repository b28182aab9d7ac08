import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

// A WebAuthn authenticator in software, for API tests: real P-256 keys, real CBOR, real signatures, "none"
// attestation — what a browser would send after talking to a security key. Browser tests use Chromium's virtual
// authenticator instead.

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

interface Options {
  rpId: string;
  origin: string;
}

interface CredentialOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
}

interface RequestOptions {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
}

export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(32);
  readonly keys: { privateKey: KeyObject; publicKey: KeyObject };
  counter = 0;
  userHandle: string | null = null;

  constructor(readonly options: Options) {
    this.keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  }

  get id() {
    return b64url(this.credentialId);
  }

  private coseKey(): Uint8Array {
    const jwk = this.keys.publicKey.export({ format: 'jwk' }) as { x: string; y: string };
    return isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, new Uint8Array(Buffer.from(jwk.x, 'base64url'))],
        [-3, new Uint8Array(Buffer.from(jwk.y, 'base64url'))],
      ]),
    );
  }

  private authData(flags: number, attested: boolean, rpId = this.options.rpId): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    const parts = [sha256(rpId), Buffer.from([flags]), count];
    if (attested) {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(this.credentialId.length);
      parts.push(Buffer.alloc(16), length, this.credentialId, Buffer.from(this.coseKey()));
    }
    return Buffer.concat(parts);
  }

  private clientData(type: string, challenge: string, origin = this.options.origin) {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** The answer to registration options (navigator.credentials.create). */
  register(options: CredentialOptions, overrides: { origin?: string } = {}) {
    this.userHandle = options.user.id;
    // UP | UV | AT
    const authData = this.authData(0x01 | 0x04 | 0x40, true, options.rp.id ?? this.options.rpId);
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', new Uint8Array(authData)],
      ]) as never,
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(this.clientData('webauthn.create', options.challenge, overrides.origin)),
        attestationObject: b64url(attestationObject),
        transports: ['usb'],
      },
    };
  }

  /** The answer to authentication options (navigator.credentials.get); the counter grows unless told not to. */
  assert(
    options: RequestOptions,
    overrides: { origin?: string; userVerified?: boolean; keepCounter?: boolean } = {},
  ) {
    if (!overrides.keepCounter) this.counter++;
    const flags = 0x01 | (overrides.userVerified === false ? 0 : 0x04);
    const authData = this.authData(flags, false, options.rpId ?? this.options.rpId);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, overrides.origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.keys.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
    };
  }
}
