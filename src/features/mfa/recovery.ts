import { randomInt } from 'node:crypto';
import { hashSecret } from '../../platform/auth/secrets.js';

// Letters and digits that cannot be mistaken for one another when copied from paper.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 4;
const GROUP_LENGTH = 4;
export const RECOVERY_CODE_COUNT = 10;

/** A recovery code, `xxxx-xxxx-xxxx-xxxx`: 16 characters of 31, about 79 bits, so a fast hash is enough. */
function newRecoveryCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

export const newRecoveryCodes = (): string[] => Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);

/** As typed: case, spaces and dashes do not matter. */
export const hashRecoveryCode = (code: string): string =>
  hashSecret(`recovery:${code.normalize('NFKC').toLowerCase().replace(/[\s-]/g, '')}`);
