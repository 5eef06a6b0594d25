import { sql } from 'drizzle-orm';
import { referrals, scaleReadings } from './schema.ts';

/**
 * Casework's rows for the outcomes indicators, as SQL subqueries (aggregate use only):
 * - `wellbeing`: her wellbeing scale readings (participant_id, score, recorded_at);
 * - `referrals`: referrals to a partnership organisation (participant_id, organisation_id of the
 *   referrer, receiving_organisation_id, sent_at, answered_at).
 */
export const caseworkReportingSql = {
  wellbeing: () => sql`(
    select ${scaleReadings.participantId} as participant_id, ${scaleReadings.score} as score,
           ${scaleReadings.recordedAt} as recorded_at
    from ${scaleReadings} where ${scaleReadings.scale} = 'wellbeing')`,
  referrals: () => sql`(
    select ${referrals.participantId} as participant_id, ${referrals.organisationId} as organisation_id,
           ${referrals.receivingOrganisationId} as receiving_organisation_id,
           ${referrals.sentAt} as sent_at, ${referrals.answeredAt} as answered_at
    from ${referrals} where ${referrals.receivingOrganisationId} is not null)`,
};
