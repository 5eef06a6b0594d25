import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.ts';
import { audit, type EmploymentDeps, today } from './deps.ts';
import { womenFor } from './match.ts';
import { getOpportunity } from './opportunities.ts';
import { forMatch } from './profiles.ts';
import { workProfiles } from './schema.ts';

/**
 * The women of the actor's organisation who fit an opportunity: only records this user may open
 * (participants' access rule, one woman at a time), and only with her current consent to matching,
 * checked before her profile is matched at all. Employers never reach this (they cannot search women).
 */
export async function womenWhoFit(
  deps: EmploymentDeps,
  actor: Actor,
  opportunityId: string,
  now = new Date(),
) {
  authorise(actor, 'participant:read');
  const opportunity = await getOpportunity(deps, actor, opportunityId);
  const rows = await deps.db
    .select()
    .from(workProfiles)
    .where(eq(workProfiles.organisationId, actor.organisationId));
  const consenting = [];
  for (const row of rows)
    if (await deps.participants.hasConsent(row.participantId, 'matching')) consenting.push(row);
  const ranked = womenFor(
    opportunity,
    consenting.map((r) => forMatch(deps, r)),
    today(now),
  );
  const named = async (list: typeof ranked.fits, max: number) => {
    const out = [];
    for (const match of list) {
      if (out.length >= max) break;
      try {
        const header = await deps.participants.header(actor, match.profileId, 'read');
        if (header.access.level === 'owner') out.push({ match, id: header.id, name: header.preferredName });
      } catch (err) {
        if (!(err instanceof NotFoundError || err instanceof ForbiddenError)) throw err;
      }
    }
    return out;
  };
  const fits = await named(ranked.fits, 30);
  const nearMisses = await named(ranked.nearMisses, 15);
  await audit(deps, deps.db, actor, 'opportunity.women-viewed', 'opportunity', opportunityId, {
    // Whose profiles were shown, so her subject access request can answer who saw her matched.
    participantIds: [...fits, ...nearMisses].map((w) => w.id),
  });
  return { fits, nearMisses };
}
