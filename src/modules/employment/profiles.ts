import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import type { ParticipantHeader } from '../participants/index.ts';
import { audit, districtPoint, type EmploymentDeps, today } from './deps.ts';
import { matchPair, type ProfileForMatch, profileDerived } from './match.ts';
import { openIndex } from './open-index/open-opportunities.ts';
import { type RightToWorkBasis, rightToWorkBases, type Window, workProfiles } from './schema.ts';

type Row = typeof workProfiles.$inferSelect;

/** The staff assessment of her right to work (encrypted as one value). */
export interface RightToWork {
  basis: RightToWorkBasis;
  /** Time-limited leave: when it ends. */
  expires: string | null;
  reviewOn: string | null;
  assessedByUserId: string;
  assessedOn: string;
}

export interface WorkProfileInput {
  skills: string[];
  sectors: string[];
  qualificationLevel: number | null;
  spokenEnglish: Row['spokenEnglish'];
  writtenEnglish: Row['writtenEnglish'];
  availability: Window[];
  schoolHoursOnly: boolean;
  termTimeOnly: boolean;
  postcodeDistrict: string | null;
  maxJourneyMinutes: number | null;
  modes: Row['modes'];
  payNeededPence: number | null;
  aspirations: string[];
  careNotes: string | null;
  /** Only for staff who may see special-category data; otherwise the saved one stays. */
  rightToWork: { basis: RightToWorkBasis; expires: string | null; reviewOn: string | null } | null;
}

/** Her work profile, decrypted as far as this viewer may see (right to work: special category only). */
export interface WorkProfile extends Omit<Row, 'rightToWorkEnc' | 'careNotesEnc'> {
  rightToWork: RightToWork | null;
  careNotes: string | null;
}

/** Her header for the work pages, after the owner rule (another organisation: 404), as casework. */
export async function ownerHeader(
  deps: EmploymentDeps,
  tx: DbOrTx,
  actor: Actor,
  participantId: string,
  need: 'read' | 'write',
): Promise<ParticipantHeader> {
  const header = await deps.participants.header(actor, participantId, need, tx);
  if (header.access.level !== 'owner') throw new NotFoundError();
  return header;
}

export function decryptProfile(deps: EmploymentDeps, row: Row, special: boolean): WorkProfile {
  const { rightToWorkEnc, careNotesEnc, ...rest } = row;
  return {
    ...rest,
    rightToWork:
      special && rightToWorkEnc ? (JSON.parse(deps.cipher.decrypt(rightToWorkEnc)) as RightToWork) : null,
    careNotes: careNotesEnc ? deps.cipher.decrypt(careNotesEnc) : null,
  };
}

/** What matching reads of her: her right to work, decrypted here only, counts as unknown when unset. */
export function forMatch(deps: EmploymentDeps, row: Row): ProfileForMatch {
  const rtw = row.rightToWorkEnc
    ? (JSON.parse(deps.cipher.decrypt(row.rightToWorkEnc)) as RightToWork)
    : null;
  return {
    ...row,
    rightToWork: rtw?.basis ?? 'unknown',
    rightToWorkExpires: rtw?.expires ?? null,
  };
}

export async function profileRow(tx: DbOrTx, participantId: string) {
  const [row] = await tx.select().from(workProfiles).where(eq(workProfiles.participantId, participantId));
  return row ?? null;
}

/**
 * Her work page: header, whether she consents to matching, her profile and, with consent and a
 * profile, the opportunities that fit her and the near misses. Audited as one view of her data.
 */
export async function workPage(
  deps: EmploymentDeps,
  actor: Actor,
  participantId: string,
  now = new Date(),
  opts: {
    firstRead?: number;
    /** How many of each list a page shows (default WORK_PAGE; a test may ask for fewer). */
    shown?: { fits: number; nearMisses: number };
    /** Which page of each list (from 1). */
    fitsPage?: number;
    nearPage?: number;
  } = {},
) {
  // The open opportunities (shared with the partnership, not personal data) are made current while
  // her record is read; used only once the owner rule and her consent allow.
  const opening = openIndex(deps.db);
  opening.catch(() => {});
  const header = await ownerHeader(deps, deps.db, actor, participantId, 'read');
  const consent = await deps.participants.hasConsent(participantId, 'matching');
  const row = consent ? await profileRow(deps.db, participantId) : null;
  const profile = row ? decryptProfile(deps, row, header.access.specialCategory) : null;
  let matches = null;
  if (row) {
    const on = today(now);
    const her = forMatch(deps, row);
    const per = opts.shown ?? WORK_PAGE;
    // The lists up to the end of the pages asked for, and one more to know whether a next page exists.
    const asked = { fits: opts.fitsPage ?? 1, nearMisses: opts.nearPage ?? 1 };
    const askedUpTo = { fits: asked.fits * per.fits, nearMisses: asked.nearMisses * per.nearMisses };
    // The open opportunities are kept in memory (never stale: open-index/open-opportunities.ts);
    // only those that could fit or nearly fit her are ranked, best possible score first, until no
    // unranked one could enter the lists asked for ...
    const open = await opening;
    const ranked = await open.rankFor(
      actor,
      her,
      on,
      { fits: askedUpTo.fits + 1, nearMisses: askedUpTo.nearMisses + 1 },
      opts.firstRead ?? FIRST_READ,
    );
    // A page past the end of a list (an old link, a list that has shrunk) shows its last page, never
    // "nothing fits her" while opportunities do.
    const lastPage = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
    const fitsPage = Math.min(asked.fits, lastPage(ranked.fits.length, per.fits));
    const nearPage = Math.min(asked.nearMisses, lastPage(ranked.nearMisses.length, per.nearMisses));
    const upTo = { fits: fitsPage * per.fits, nearMisses: nearPage * per.nearMisses };
    const fits = ranked.fits.slice(upTo.fits - per.fits, upTo.fits);
    const nearMisses = ranked.nearMisses.slice(upTo.nearMisses - per.nearMisses, upTo.nearMisses);
    // ... and apart, the newest open ones that neither fit nor nearly fit, each with every gate it fails.
    const others = [];
    for (const o of open.newest(actor, on, OTHERS_READ)) {
      const match = matchPair(her, o, on);
      if (!match.passes && !match.nearMiss) others.push({ match, opportunity: o });
      if (others.length >= WORK_PAGE.others) break;
    }
    matches = {
      fits,
      nearMisses,
      others,
      fitsPage,
      nearPage,
      moreFits: ranked.fits.length > upTo.fits,
      moreNearMisses: ranked.nearMisses.length > upTo.nearMisses,
    };
  }
  await audit(deps, deps.db, actor, 'work-profile.viewed', 'participant', participantId, {
    consent,
    fits: matches?.fits.length ?? 0,
  });
  return { header, consent, profile, matches };
}

/**
 * What one page lists (docs/decisions/0009): the best 20 fits and 10 near misses, each explained, with
 * GOV.UK pagination to every other; and up to 10 of the newest that do not fit, with their reasons.
 */
export const WORK_PAGE = { fits: 20, nearMisses: 10, others: 10 };
/** The newest open opportunities looked through for those that do not fit her. */
const OTHERS_READ = 200;
/** Candidates ranked first, best bound first (most women's candidates all fit in this). */
const FIRST_READ = 600;

export async function saveWorkProfile(
  deps: EmploymentDeps,
  actor: Actor,
  participantId: string,
  input: WorkProfileInput,
  now = new Date(),
) {
  const point = await districtPoint(deps, input.postcodeDistrict);
  if (input.postcodeDistrict && !point)
    throw new ValidationError({ postcodeDistrict: 'employment.errors.district' });
  await deps.db.transaction(async (tx) => {
    const header = await ownerHeader(deps, tx, actor, participantId, 'write');
    await deps.participants.requireConsent(participantId, 'matching', undefined, tx);
    const existing = await profileRow(tx, participantId);
    let rightToWorkEnc = existing?.rightToWorkEnc ?? null;
    if (input.rightToWork && header.access.specialCategory) {
      if (!rightToWorkBases.includes(input.rightToWork.basis))
        throw new ValidationError({ rtwBasis: 'employment.errors.rtw' });
      const value: RightToWork = {
        ...input.rightToWork,
        assessedByUserId: actor.userId,
        assessedOn: today(now),
      };
      rightToWorkEnc = deps.cipher.encrypt(JSON.stringify(value));
    }
    const { rightToWork: _, careNotes, ...plain } = input;
    const values = {
      ...plain,
      latitude: point?.latitude ?? null,
      longitude: point?.longitude ?? null,
      rightToWorkEnc,
      careNotesEnc: careNotes ? deps.cipher.encrypt(careNotes) : null,
      updatedByUserId: actor.userId,
      updatedAt: now,
    };
    const [saved] = await tx
      .insert(workProfiles)
      .values({ participantId, organisationId: header.organisationId, ...values })
      .onConflictDoUpdate({ target: workProfiles.participantId, set: values })
      .returning();
    // The prefilter's box, from the row as stored.
    await tx
      .update(workProfiles)
      .set(profileDerived(saved!))
      .where(eq(workProfiles.participantId, participantId));
    await audit(deps, tx, actor, 'work-profile.saved', 'participant', participantId, {
      rightToWorkAssessed: Boolean(input.rightToWork && header.access.specialCategory),
    });
  });
}
