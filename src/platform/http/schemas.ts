import { type TStringOptions, Type } from 'typebox';

// Text fields of every feature. Control characters are refused for every body field upstream
// (validation.ts); these add what a field's shape needs.

/** Single-line text: at least one non-space character, no line breaks. */
export const Line = (maxLength: number, options: TStringOptions = {}) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[^\\r\\n]*\\S[^\\r\\n]*$', ...options });

/** Text of several lines: at least one non-space character. */
export const Text = (maxLength: number, options: TStringOptions = {}) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', ...options });

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
