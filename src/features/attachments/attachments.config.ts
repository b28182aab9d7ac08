import { integer, type Setting } from '../../platform/config.js';

const MIB = 1024 * 1024;

/** Attachments' settings: how large one file, and all the files of one incident, may be. */
export const attachmentsSettings = {
  attachmentMaxBytes: integer(
    'RENRAKU_ATTACHMENT_MAX_BYTES',
    20 * MIB,
    'Largest file that may be attached to a report, in bytes (larger uploads answer 413 and store nothing).',
    1,
    1024 * MIB,
  ),
  attachmentIncidentMaxBytes: integer(
    'RENRAKU_ATTACHMENT_INCIDENT_MAX_BYTES',
    200 * MIB,
    'Most bytes of attachments one incident may hold in all; an upload beyond it answers 413.',
    1,
    64 * 1024 * MIB,
  ),
} satisfies Record<string, Setting<unknown>>;
