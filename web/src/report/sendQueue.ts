import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type Incident } from '../api.js';
import { type QuickReportInput, reportApi } from './report.api.js';

// Sending a quick report until the server has answered. A report that could not reach the server waits and
// goes again by itself — when the browser says it is back online, and with a growing delay — always with the
// same body and the same Idempotency-Key, so that however many tries it takes (or however many answers are
// lost on the way back), the server files it once. A refusal is final: it is shown and never retried.

export type SendState =
  | { phase: 'idle' }
  | { phase: 'sending' }
  /** The device is offline: waits for the connection. */
  | { phase: 'offline' }
  /** No answer, or the server is in trouble: tries again soon by itself. */
  | { phase: 'retrying'; reason: string }
  | { phase: 'refused'; error: ApiError }
  /** 401: the shell shows the login; the draft keeps the report to send afterwards. */
  | { phase: 'sessionLost' };

/** Delays between automatic tries: quick at first (a lost answer), then no busier than once a minute. */
export const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000] as const;
export const backoff = (failures: number) => BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)] ?? 60_000;

/** A refusal worth trying again: the server (or something in front of it) failed, not the report. */
export const isTransient = (e: ApiError) =>
  e.status >= 500 || e.status === 408 || e.status === 429 || e.status < 400;

interface Job {
  body: QuickReportInput;
  key: string;
  /** The exercise the report belongs to; null for a real one. */
  exercise: string | null;
}

export interface SendHandlers {
  /** The server confirmed: `shown` is false when the form was left meanwhile. */
  onFiled: (incident: Incident, shown: boolean) => void;
  onRefused: (error: ApiError) => void;
}

/** The send queue of one form (one report at a time). */
export function useSendQueue(handlers: SendHandlers) {
  const [state, setState] = useState<SendState>({ phase: 'idle' });
  const job = useRef<Job | null>(null);
  const inFlight = useRef(false);
  const failures = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const shown = useRef(true);
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  const attempt = useCallback(async () => {
    const current = job.current;
    if (!current || inFlight.current) return;
    clearTimeout(timer.current);
    const later = () => {
      timer.current = setTimeout(attempt, backoff(failures.current));
      failures.current += 1;
    };
    if (!navigator.onLine) {
      // Nothing to gain by trying; the `online` event (or the timer, should it never come) tries again.
      setState({ phase: 'offline' });
      later();
      return;
    }
    inFlight.current = true;
    setState({ phase: 'sending' });
    try {
      const incident = await reportApi.fileQuickReport(current.body, current.key, current.exercise);
      // Filed, even if the person stopped waiting meanwhile: the draft is on the server now.
      if (job.current === current) job.current = null;
      setState({ phase: 'idle' });
      latest.current.onFiled(incident, shown.current);
    } catch (e) {
      if (job.current !== current) return;
      if (!(e instanceof ApiError)) {
        // fetch rejects (TypeError) when no answer came back: offline, connection lost, answer dropped.
        setState(navigator.onLine ? { phase: 'retrying', reason: 'network' } : { phase: 'offline' });
        later();
      } else if (e.status === 401) {
        job.current = null;
        setState({ phase: 'sessionLost' });
      } else if (isTransient(e)) {
        setState({ phase: 'retrying', reason: e.code });
        later();
      } else {
        job.current = null;
        setState({ phase: 'refused', error: e });
        latest.current.onRefused(e);
      }
    } finally {
      inFlight.current = false;
    }
  }, []);

  useEffect(() => {
    shown.current = true;
    const online = () => {
      failures.current = 0;
      void attempt();
    };
    window.addEventListener('online', online);
    return () => {
      shown.current = false;
      window.removeEventListener('online', online);
      clearTimeout(timer.current);
    };
  }, [attempt]);

  /** Sends (or resends) a report; the body, key and realm are kept as given for every try. */
  const send = useCallback(
    (body: QuickReportInput, key: string, exercise: string | null = null) => {
      if (job.current?.key === key && inFlight.current) return;
      job.current = { body, key, exercise };
      failures.current = 0;
      void attempt();
    },
    [attempt],
  );

  /** Tries now, without waiting for the timer. */
  const retryNow = useCallback(() => {
    failures.current = 0;
    void attempt();
  }, [attempt]);

  /** Stops trying; whatever reached the server stays filed (the key, kept with the draft, says so later). */
  const cancel = useCallback(() => {
    job.current = null;
    clearTimeout(timer.current);
    setState({ phase: 'idle' });
  }, []);

  return { state, send, retryNow, cancel };
}
