import { sql } from 'drizzle-orm';
import { participants } from './schema.ts';

/**
 * The facts about each woman that aggregate reports break figures down by, as a SQL subquery for
 * the outcomes module to join (never a name): columns participant_id, organisation_id, area (ONS
 * code), language (the first she listed), date_of_birth. Erased records keep these (schema.ts).
 */
export const participantFactsSql = () => sql`(
  select ${participants.id} as participant_id, ${participants.organisationId} as organisation_id,
         ${participants.homeAreaCode} as area, ${participants.languages}[1] as language,
         ${participants.dateOfBirth} as date_of_birth
  from ${participants})`;
