/**
 * The one test of a web address and an email address in the directory (issue 9, feed hygiene):
 * imports, the staff form, and everything the directory shows or republishes use these, so a
 * `javascript:` or `data:` address can neither come in nor go out.
 */

/** An absolute http(s) address with a host: what a public page may link to. */
export function isWebLink(value: string): boolean {
  if (/\s/.test(value) || !/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * A persistent identifier (HSDS `uri` fields of taxonomies, terms and organizations): a web address,
 * or a URN such as the shipped taxonomies' `urn:wayfinder:taxonomy:need`. No other scheme.
 */
export function isIdentifierUri(value: string): boolean {
  return isWebLink(value) || /^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i.test(value);
}

// local@domain.tld: the local part in RFC 5322 "atext" and dots, the domain in DNS labels.
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** A well-formed email address (not a proof it exists). */
export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}
