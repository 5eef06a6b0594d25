import { eq, sql } from 'drizzle-orm';
import type { EmploymentDeps } from './deps.ts';
import { opportunityDerived, profileDerived } from './match.ts';
import { anyBox, cubeText, OPPORTUNITY_DIMENSIONS, PROFILE_DIMENSIONS } from './matching-prefilter.ts';
import { matchColumns } from './opportunities.ts';
import { opportunities, workProfiles } from './schema.ts';

const BATCH = 2_000;

/**
 * Rows saved before the prefilter's boxes were stored (or written by bulk SQL) hold the box that
 * overlaps everything, so the prefilter reads them whatever they hold and nothing is lost; here, at
 * start-up, they get their own from the same functions saving uses.
 * Returns how many rows were filled in.
 */
export async function fillMissingBoxes(deps: EmploymentDeps): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await deps.db
      .select(matchColumns)
      .from(opportunities)
      .where(eq(opportunities.matchBox, anyBox(OPPORTUNITY_DIMENSIONS)))
      .limit(BATCH);
    if (!rows.length) break;
    const derived = rows.map((r) => opportunityDerived(r));
    await deps.db.execute(sql`
      update ${opportunities} o set hours_days = d.days, match_box = d.box::cube
      from unnest(${`{${rows.map((r) => r.id).join(',')}}`}::uuid[], ${`{${derived.map((d) => d.hoursDays).join(',')}}`}::int[],
        ${`{${derived.map((d) => `"${cubeText(d.matchBox)}"`).join(',')}}`}::text[]) as d(id, days, box)
      where o.id = d.id`);
    filled += rows.length;
  }
  for (;;) {
    const rows = await deps.db
      .select()
      .from(workProfiles)
      .where(eq(workProfiles.matchBox, anyBox(PROFILE_DIMENSIONS)))
      .limit(BATCH);
    if (!rows.length) break;
    const derived = rows.map((r) => profileDerived(r));
    await deps.db.execute(sql`
      update ${workProfiles} w set available_days = d.days, match_box = d.box::cube
      from unnest(${`{${rows.map((r) => r.participantId).join(',')}}`}::uuid[], ${`{${derived.map((d) => d.availableDays).join(',')}}`}::int[],
        ${`{${derived.map((d) => `"${cubeText(d.matchBox)}"`).join(',')}}`}::text[]) as d(id, days, box)
      where w.participant_id = d.id`);
    filled += rows.length;
  }
  return filled;
}
