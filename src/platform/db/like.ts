/**
 * A term as a `like` pattern matches it literally: `\`, `%` and `_` escaped with `\` (the statement says
 * `escape '\'`, on both dialects).
 */
export const escapeLike = (term: string): string => term.replace(/[\\%_]/g, (c) => `\\${c}`);
