import { AppError } from '../../platform/errors.js';

export const conversationErrors = {
  // Whatever the caller may not read does not exist for it: the same answer as for an incident it cannot read.
  incidentNotFound: () => new AppError(404, 'incidents.not_found', 'No such incident.'),
  unknownReplyTo: () =>
    new AppError(400, 'conversation.unknown_reply_to', 'replyTo names no message of this incident.'),
};
