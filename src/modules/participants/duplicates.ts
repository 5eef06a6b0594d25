/**
 * Is a woman being registered likely the same as one already on record? Pure (no database): the
 * service reads the candidates (same organisation, a name in common) and decrypts their phones.
 * A likely match is the same name and the same phone number, or the same name and date of birth;
 * a name alone is too common to warn about. Names compare without case, accents or extra spaces;
 * phones by their digits, with +44 and 0044 read as a leading 0.
 */
export interface PersonFacts {
  preferredName: string;
  givenName?: string | null;
  familyName?: string | null;
  phone?: string | null;
  dateOfBirth?: string | null;
}

export const normaliseName = (s: string | null | undefined) =>
  (s ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export function normalisePhone(s: string | null | undefined): string {
  // "+44 (0)7700..." writes the trunk 0 in brackets: drop it before reading the digits.
  const digits = (s ?? '').replace(/\(0\)/g, '').replace(/\D/g, '');
  if (digits.startsWith('0044')) return `0${digits.slice(4)}`;
  if (digits.startsWith('44') && (s ?? '').trim().startsWith('+')) return `0${digits.slice(2)}`;
  return digits;
}

/** The names a person may be found by: the name she uses, and her given and family names together. */
export function namesOf(p: PersonFacts): string[] {
  const full = normaliseName([p.givenName, p.familyName].filter(Boolean).join(' '));
  return [...new Set([normaliseName(p.preferredName), full].filter(Boolean))];
}

export type MatchReason = 'name_phone' | 'name_date_of_birth';

export function likelyMatch(newcomer: PersonFacts, existing: PersonFacts): MatchReason | null {
  const theirs = new Set(namesOf(existing));
  if (!namesOf(newcomer).some((n) => theirs.has(n))) return null;
  const phone = normalisePhone(newcomer.phone);
  if (phone.length >= 7 && phone === normalisePhone(existing.phone)) return 'name_phone';
  if (newcomer.dateOfBirth && newcomer.dateOfBirth === existing.dateOfBirth) return 'name_date_of_birth';
  return null;
}
