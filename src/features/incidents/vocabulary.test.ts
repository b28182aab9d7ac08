import { describe, expect, it } from 'vitest';
import { ROLES } from '../../platform/access/roles.js';
import { RoleSchema } from '../users/users.schemas.js';
import { Severity, Tlp } from './incidents.schemas.js';
import { SEVERITIES, TLPS } from './vocabulary.js';

const constants = (schema: { anyOf: { const: unknown }[] }) => schema.anyOf.map((s) => s.const);

describe('vocabulary', () => {
  it('the API schemas accept exactly the lists the web app offers and the rules know', () => {
    expect(constants(Tlp)).toEqual([...TLPS]);
    expect(constants(Severity)).toEqual([...SEVERITIES]);
    expect(constants(RoleSchema)).toEqual([...ROLES]);
  });
});
