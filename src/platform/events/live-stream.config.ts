import { integer, type Setting, type SettingsOf } from '../config.js';

/** The live stream's settings (RENRAKU_SSE_*): its keep-alive, how far it catches up, how many one client holds. */
export const liveStreamSettings = {
  sseHeartbeatMs: integer(
    'RENRAKU_SSE_HEARTBEAT_MS',
    15_000,
    'Live stream keep-alive period; at each, the caller is authenticated again (revoked access ends the stream).',
    50,
  ),
  sseReplayMax: integer(
    'RENRAKU_SSE_REPLAY_MAX',
    1000,
    'Most events a reconnecting live-stream client is sent to catch up (Last-Event-ID); beyond it, or from an id this server no longer holds, it is told to reload its screen instead.',
    0,
    100_000,
  ),
  sseMaxPerCredential: integer(
    'RENRAKU_SSE_MAX_PER_CREDENTIAL',
    8,
    'Most live streams one API token or browser session may hold open on one server process; more answer 429.',
    1,
  ),
  sseMaxPerAddress: integer(
    'RENRAKU_SSE_MAX_PER_ADDRESS',
    200,
    'Most live streams one client address (IPv6: its /64) may hold open on one server process; more answer 429.',
    1,
  ),
} satisfies Record<string, Setting<unknown>>;

export type LiveStreamConfig = SettingsOf<typeof liveStreamSettings>;
