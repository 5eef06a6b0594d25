import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { audit, type EmploymentDeps, today } from './deps.ts';
import { type CheckedWoman, type CheckWomen, womenForLazily, womenQueryFor } from './match.ts';
import { cubeText } from './matching-prefilter.ts';
import { getOpportunity } from './opportunities.ts';
import type { RightToWork } from './profiles.ts';
import { workProfiles } from './schema.ts';
import { listsThreshold } from './score-bounds.ts';
import { womanBound } from './woman-bound.ts';
import {
  bestFirstPaged,
  type CandidatePage,
  type Named,
  readCandidates,
  readNamed,
} from './women-candidates.ts';

type Opportunity = Awaited<ReturnType<typeof getOpportunity>>;

/** How many fits and near misses an opportunity's page lists. */
const SHOWN = { fits: 30, nearMisses: 15 };
/**
 * Women read first, best bound first. The bound is within a point or two of her score
 * (woman-bound.ts), so the lists' thresholds are rarely below the 400th bound: one read usually does.
 */
const FIRST_READ = 400;

/**
 * The prefilter (matching-prefilter.ts): profiles whose box overlaps the opportunity's query box
 * (her reach around the place, English, qualification, term time, hours), an indexed overlap, and
 * who work every day its hours need her. What is left out fails a hard gate beyond its near-miss
 * margin, so could never be listed.
 */
function prefilter(o: Opportunity): SQL {
  const q = womenQueryFor(o);
  const w = workProfiles;
  return sql`${w.matchBox} && ${cubeText(q.box)}::cube
    and ${w.availableDays} & ${q.days} = ${q.days}`;
}

/**
 * The women of the actor's organisation who fit an opportunity: only records this user may open as
 * her organisation's staff, and only with her current consent to matching. Both are checked, in one
 * query beside the one reading their sealed right to work, for the women ranked high enough to be
 * shown, and the right to work of those who consent decrypted then (match.ts womenForLazily): a
 * woman not checked is never shown. Employers never reach this (they
 * cannot search women).
 */
export async function womenWhoFit(
  deps: EmploymentDeps,
  actor: Actor,
  opportunityId: string,
  now = new Date(),
  opts: { firstRead?: number; shown?: typeof SHOWN } = {},
) {
  authorise(actor, 'participant:read');
  const opportunity = await getOpportunity(deps, actor, opportunityId);
  const shown = opts.shown ?? SHOWN;
  const bound = womanBound(opportunity);
  const where = sql`${eq(workProfiles.organisationId, actor.organisationId)} and ${prefilter(opportunity)}`;
  const read = (page: CandidatePage) => readCandidates(deps.db, where, bound, page);
  const readByKey = (named: Named[]) => readNamed(deps.db, actor.organisationId, named);
  // Each woman is checked once per request, though a second read ranks her again.
  const known = new Map<string, CheckedWoman | null>();
  const check: CheckWomen = async (ids) => {
    const asking = ids.filter((id) => !known.has(id));
    if (asking.length) {
      // Her consent and her sealed right to work at once; it is decrypted only if she consents.
      const [consenting, sealed] = await Promise.all([
        deps.participants.womenWithConsent(actor, asking, 'matching'),
        deps.db
          .select({ id: workProfiles.participantId, enc: workProfiles.rightToWorkEnc })
          .from(workProfiles)
          .where(
            and(
              eq(workProfiles.organisationId, actor.organisationId),
              inArray(workProfiles.participantId, asking),
            ),
          ),
      ]);
      const encrypted = new Map(sealed.map((r) => [r.id, r.enc]));
      for (const id of asking) {
        const her = consenting.get(id);
        const enc = encrypted.get(id);
        const rtw = her && enc ? (JSON.parse(deps.cipher.decrypt(enc)) as RightToWork) : null;
        known.set(
          id,
          her
            ? { name: her.preferredName, rightToWork: rtw?.basis ?? 'unknown', expires: rtw?.expires ?? null }
            : null,
        );
      }
    }
    const out = new Map<string, CheckedWoman>();
    for (const id of ids) {
      const c = known.get(id);
      if (c) out.set(id, c);
    }
    return out;
  };
  // The best possible scores first, until no unread woman could enter the lists.
  const ranked = await bestFirstPaged(
    read,
    readByKey,
    (rows) => womenForLazily(opportunity, rows, today(now), shown, check),
    (r) =>
      listsThreshold([
        { scores: r.fits.map((m) => m.match.score), size: shown.fits },
        { scores: r.nearMisses.map((m) => m.match.score), size: shown.nearMisses },
      ]),
    (r) =>
      Math.min(
        shown.fits ? r.fits.length / shown.fits : 1,
        shown.nearMisses ? r.nearMisses.length / shown.nearMisses : 1,
      ),
    opts.firstRead ?? FIRST_READ,
  );
  const named = (list: typeof ranked.fits) =>
    list.map(({ match, name }) => ({ match, id: match.profileId, name }));
  const fits = named(ranked.fits);
  const nearMisses = named(ranked.nearMisses);
  await audit(deps, deps.db, actor, 'opportunity.women-viewed', 'opportunity', opportunityId, {
    // Whose profiles were shown, so her subject access request can answer who saw her matched.
    participantIds: [...fits, ...nearMisses].map((w) => w.id),
  });
  return { fits, nearMisses };
}
