import { Type } from 'typebox';

/** RFC 9457 problem details, as every error answers. */
export const ProblemOut = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
    // Extension members (RFC 9457 §3.2) a feature adds to a refusal, such as retryAfterSeconds or feedback.
  },
  { additionalProperties: true },
);
