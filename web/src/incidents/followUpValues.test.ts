import { describe, expect, it } from 'vitest';
import type { IncidentDetail } from '../api.js';
import { changedFields, valuesOf } from './followUpValues.js';

const detail = {
  severity: 'high',
  category: 'ransomware',
  tlp: 'TLP:AMBER',
  affectedSystems: ['fs01'],
  impact: { personalData: { involved: true, approxPersons: 1200 }, informationLeaked: true },
  responseStatus: '調査中',
  cause: '不明',
  nextSteps: null,
  contactPerson: { name: '連絡 太郎', phone: '03-1234-5678' },
  policeReport: null,
  ppcReport: { reported: true, date: '2026-11-25' },
} as unknown as IncidentDetail;

describe('a follow-up starts from the current values', () => {
  it('prefills every field from the incident as it stands', () => {
    expect(valuesOf(detail)).toMatchObject({
      severity: 'high',
      category: 'ransomware',
      affectedSystems: 'fs01',
      personalData: 'yes',
      approxPersons: '1200',
      informationLeaked: true,
      responseStatus: '調査中',
      contactName: '連絡 太郎',
      police: '',
      ppc: 'yes',
      ppcDate: '2026-11-25',
    });
  });

  it('sends nothing for fields left as they were', () => {
    expect(changedFields(valuesOf(detail), valuesOf(detail))).toEqual({});
  });

  it('clears an emptied field explicitly and says "did not happen" for an unticked box', () => {
    const before = valuesOf(detail);
    const now = { ...before, cause: '', severity: '', personalData: 'no' as const, informationLeaked: false };
    expect(changedFields(before, now)).toEqual({
      severity: null,
      cause: null,
      impact: { personalData: { involved: false }, informationLeaked: false },
    });
  });

  it('sends the contact person whole, or null once its name is emptied', () => {
    const before = valuesOf(detail);
    expect(changedFields(before, { ...before, contactEmail: 'taro@example.go.jp' })).toEqual({
      contactPerson: { name: '連絡 太郎', phone: '03-1234-5678', email: 'taro@example.go.jp' },
    });
    expect(changedFields(before, { ...before, contactName: ' ' })).toEqual({ contactPerson: null });
    expect(changedFields(before, { ...before, police: 'yes', policeDate: '2026-11-26' })).toEqual({
      policeReport: { reported: true, date: '2026-11-26' },
    });
  });
});
