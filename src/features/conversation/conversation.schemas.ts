import { type Static, Type } from 'typebox';
import { Text } from '../../platform/http/schemas.js';

/** The longest message, in characters after NFC normalisation. */
export const MESSAGE_MAX = 4000;

export const MessageInput = Type.Object(
  {
    // The bound is checked again after normalisation; here it keeps an oversize body from being read at all.
    body: Text(MESSAGE_MAX * 2),
    replyTo: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type MessageInput = Static<typeof MessageInput>;

export const ConversationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const MessageOut = Type.Object({
  id: Type.String(),
  incidentId: Type.String(),
  body: Type.String(),
  replyTo: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  author: Type.Object({
    displayName: Type.String(),
    email: Type.String(),
    org: Type.Object({ slug: Type.String(), nameJa: Type.String(), nameEn: Type.String() }),
  }),
});

export const MessageListOut = Type.Object({ items: Type.Array(MessageOut) });
