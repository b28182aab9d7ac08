import { AppError } from '../../platform/errors.js';

export const conversationErrors = {
  // Whatever the caller may not read does not exist for it: the same answer as for an incident it cannot read.
  incidentNotFound: () => new AppError(404, 'incidents.not_found', 'No such incident.'),
  emptyMessage: () => new AppError(400, 'conversation.empty_message', 'The message has no visible text.'),
  tooLong: (max: number) =>
    new AppError(400, 'conversation.message_too_long', `A message holds at most ${max} characters.`),
  invisibleCharacters: () =>
    new AppError(
      400,
      'conversation.invisible_characters',
      'The message contains characters that change how text reads without being seen (bidirectional controls).',
    ),
  unknownReplyTo: () =>
    new AppError(400, 'conversation.unknown_reply_to', 'replyTo names no message of this incident.'),
};
