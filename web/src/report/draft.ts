import { newIdempotencyKey } from '../api.js';
import { EMPTY_OPTIONAL, EMPTY_REPORT, type QuickValues } from './fields.js';
import type { QuickReportInput } from './report.api.js';

// The quick report being written lives in the browser (localStorage) from the first keystroke until the
// server confirms it: a dropped connection, a closed tab or an expired session loses nothing. It is keyed by
// the user's email, so that two people sharing a PC never see each other's draft.

export interface Draft {
  /** Typed so far. */
  values: QuickValues;
  /** One Idempotency-Key per draft, kept with it: a retry, even after a reload, files the report once. */
  key: string;
  savedAt: string;
  /**
   * The exact body submitted and not yet confirmed. It is resent unchanged (same key, same body: the server
   * answers with the incident it filed, or files it now), and only cleared by a confirmation or a refusal.
   */
  sending: QuickReportInput | null;
  /**
   * The exercise the body being sent belongs to (filed with `?exercise=`), null for a real report: kept with it so
   * that a report resumed after a reload or a new log-in is filed in the realm it was written for.
   */
  sendingExercise: string | null;
}

const VERSION = 1;
const storageKey = (email: string) => `renraku.quickReportDraft.v${VERSION}:${email.trim().toLowerCase()}`;

/** A new draft: a fresh key, nothing sent. */
export const newDraft = (values: QuickValues): Draft => ({
  values,
  key: newIdempotencyKey(),
  savedAt: new Date().toISOString(),
  sending: null,
  sendingExercise: null,
});

/** The saved draft of this user, or null (none, unreadable, or storage refused). */
export function loadDraft(email: string): Draft | null {
  try {
    const raw = window.localStorage.getItem(storageKey(email));
    return raw ? parseDraft(raw) : null;
  } catch {
    return null;
  }
}

/** Saves the draft; false when the browser refused (private mode, full storage). */
export function saveDraft(email: string, draft: Draft): boolean {
  try {
    window.localStorage.setItem(storageKey(email), JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

/** Forgets the draft: once the server confirmed the report, or when the user discards it. */
export function removeDraft(email: string): void {
  try {
    window.localStorage.removeItem(storageKey(email));
  } catch {
    // Storage refused: there was nothing kept to remove.
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Reads a stored draft defensively: anything malformed (another version, a hand edit) counts as none. */
export function parseDraft(raw: string): Draft | null {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(data) || !isRecord(data.values) || typeof data.key !== 'string' || data.key === '')
    return null;
  const values = { ...EMPTY_OPTIONAL, ...EMPTY_REPORT, title: '', summary: '', detectedAt: '' } as Record<
    string,
    unknown
  >;
  for (const [name, fallback] of Object.entries(values)) {
    const given = data.values[name];
    values[name] = typeof given === typeof fallback ? given : fallback;
  }
  for (const answer of ['personalData', 'police', 'ppc'])
    if (!['', 'yes', 'no'].includes(values[answer] as string)) values[answer] = '';
  return {
    values: values as unknown as QuickValues,
    key: data.key,
    savedAt: typeof data.savedAt === 'string' ? data.savedAt : new Date().toISOString(),
    sending: isRecord(data.sending) ? (data.sending as unknown as QuickReportInput) : null,
    sendingExercise: typeof data.sendingExercise === 'string' ? data.sendingExercise : null,
  };
}
