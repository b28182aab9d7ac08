import { describe, expect, it } from 'vitest';
import { loadConfig, settings } from '../../src/config.js';
import { routingSettings } from '../../src/features/incidents/routing.config.js';
import { loginThrottleSettings, sessionsSettings } from '../../src/features/users/sessions.config.js';
import { sliceOf } from '../../src/platform/config.js';
import { liveStreamSettings } from '../../src/platform/events/live-stream.config.js';

// The slices of the configuration that routing, sessions, log-in throttling and the live stream read: each parsed
// and checked once at start, by the same loadConfig the server and the CLI call.
describe('configuration slices', () => {
  it('give their defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(sliceOf(routingSettings, config)).toEqual({
      reportingTargetMinutes: 60,
      reviewDeadlineMinutes: 60,
      reviewDeadlineMaxMinutes: 240,
      clockSkewSeconds: 300,
    });
    expect(sliceOf(sessionsSettings, config)).toEqual({ sessionTtlMinutes: 480, cookieSecure: true });
    expect(sliceOf(loginThrottleSettings, config)).toEqual({
      loginAccountFailures: 5,
      loginAddressFailures: 30,
      loginMaxDelaySeconds: 900,
    });
    expect(sliceOf(liveStreamSettings, config)).toEqual({
      sseHeartbeatMs: 15_000,
      sseReplayMax: 1000,
      sseMaxPerCredential: 8,
      sseMaxPerAddress: 200,
    });
  });

  it('read good values from the environment, and only their own keys', () => {
    const config = loadConfig({
      RENRAKU_REPORTING_TARGET_MINUTES: '180',
      RENRAKU_REVIEW_DEADLINE_MINUTES: '30',
      RENRAKU_REVIEW_DEADLINE_MAX_MINUTES: '45',
      RENRAKU_CLOCK_SKEW_SECONDS: '0',
      RENRAKU_SESSION_TTL_MINUTES: '60',
      RENRAKU_COOKIE_SECURE: 'off',
      RENRAKU_LOGIN_ACCOUNT_FAILURES: '3',
      RENRAKU_LOGIN_ADDRESS_FAILURES: '100',
      RENRAKU_LOGIN_MAX_DELAY_SECONDS: '60',
      RENRAKU_SSE_HEARTBEAT_MS: '50',
      RENRAKU_SSE_REPLAY_MAX: '0',
      RENRAKU_SSE_MAX_PER_CREDENTIAL: '1',
      RENRAKU_SSE_MAX_PER_ADDRESS: '2',
    });
    expect(sliceOf(routingSettings, config)).toEqual({
      reportingTargetMinutes: 180,
      reviewDeadlineMinutes: 30,
      reviewDeadlineMaxMinutes: 45,
      clockSkewSeconds: 0,
    });
    expect(sliceOf(sessionsSettings, config)).toEqual({ sessionTtlMinutes: 60, cookieSecure: false });
    expect(sliceOf(loginThrottleSettings, config)).toEqual({
      loginAccountFailures: 3,
      loginAddressFailures: 100,
      loginMaxDelaySeconds: 60,
    });
    expect(sliceOf(liveStreamSettings, config)).toEqual({
      sseHeartbeatMs: 50,
      sseReplayMax: 0,
      sseMaxPerCredential: 1,
      sseMaxPerAddress: 2,
    });
  });

  it.each([
    ['RENRAKU_REPORTING_TARGET_MINUTES', '0'],
    ['RENRAKU_REPORTING_TARGET_MINUTES', 'an hour'],
    ['RENRAKU_REVIEW_DEADLINE_MINUTES', '-5'],
    ['RENRAKU_REVIEW_DEADLINE_MAX_MINUTES', String(7 * 24 * 60 + 1)],
    ['RENRAKU_CLOCK_SKEW_SECONDS', '1.5'],
    ['RENRAKU_SESSION_TTL_MINUTES', '0'],
    ['RENRAKU_COOKIE_SECURE', 'maybe'],
    ['RENRAKU_LOGIN_ACCOUNT_FAILURES', '1001'],
    ['RENRAKU_LOGIN_ADDRESS_FAILURES', ''],
    ['RENRAKU_LOGIN_MAX_DELAY_SECONDS', '86401'],
    ['RENRAKU_SSE_HEARTBEAT_MS', '10'],
    ['RENRAKU_SSE_REPLAY_MAX', '100001'],
    ['RENRAKU_SSE_MAX_PER_CREDENTIAL', '0'],
    ['RENRAKU_SSE_MAX_PER_ADDRESS', '1e3x'],
  ])('refuse %s=%j at start, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('refuse a default review deadline a ministry could not set itself', () => {
    expect(() =>
      loadConfig({ RENRAKU_REVIEW_DEADLINE_MINUTES: '300', RENRAKU_REVIEW_DEADLINE_MAX_MINUTES: '240' }),
    ).toThrow(/RENRAKU_REVIEW_DEADLINE_MINUTES must not exceed RENRAKU_REVIEW_DEADLINE_MAX_MINUTES/);
    expect(loadConfig({ RENRAKU_REVIEW_DEADLINE_MINUTES: '240' }).reviewDeadlineMinutes).toBe(240);
  });

  it('are each declared once, under one variable each', () => {
    const envs = Object.values(settings).map((s) => s.env);
    expect(new Set(envs).size).toBe(envs.length);
    for (const slice of [routingSettings, sessionsSettings, loginThrottleSettings, liveStreamSettings])
      for (const [key, setting] of Object.entries(slice))
        expect(settings[key as keyof typeof settings]).toBe(setting);
  });
});
