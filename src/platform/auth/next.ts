/**
 * The page to go to after signing in, from an untrusted `next`: a path of this app, or '/'.
 *
 * A browser reads `/\evil`, `/<TAB>/evil` and `/.//evil` as another host, so a pattern on the raw
 * string is not enough: the value is resolved as a browser would (`new URL` against our own origin),
 * the origin compared, and only the resolved path, query and fragment kept. On top of that we refuse
 * what no link of ours ever is: anything not starting with one '/', control characters (a newline
 * would also make the Location header throw), and a path that still reads as another host once a
 * proxy has decoded %2F or %5C.
 */
export function safeNext(next: unknown, ownOrigin: string): string {
  if (typeof next !== 'string' || !/^\/(?![/\\])/.test(next) || /\p{Cc}/u.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, ownOrigin);
  } catch {
    return '/';
  }
  if (url.origin !== new URL(ownOrigin).origin) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return '/';
  }
  if (decoded.startsWith('//') || decoded.includes('\\')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
