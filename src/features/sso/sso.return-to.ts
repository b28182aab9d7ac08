const ORIGIN = 'https://renraku.invalid';
const MAX = 512;

/**
 * Where a log-in comes back to: a path of the web app, never another site. Refuses what a browser could read as
 * another origin (`//host`, `/\host`, a scheme), anything with control characters or backslashes (the URL parser
 * drops tabs and newlines, turning `/\t/host` into `//host`), raw non-ASCII, and the API itself. Absent: `/`.
 */
export function safeReturnTo(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return '/';
  if (raw.length > MAX || !/^\/[\x21-\x7e]*$/.test(raw)) return null;
  if (raw.startsWith('//') || raw.includes('\\') || /^\/api(\/|$|\?)/i.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== ORIGIN) return null;
  const path = url.pathname + url.search;
  // What the browser will go to must be what was checked: no dot segments or encodings that resolve elsewhere.
  return path === raw ? path : null;
}
