import type { SQL } from 'drizzle-orm';

/**
 * The other modules' rows the indicators read, as SQL subqueries each owning module exports from its
 * door (participants `participantFactsSql`, casework `caseworkReportingSql`, mentoring
 * `mentoringReportingSql`), handed in by the composition root so outcomes names no other table.
 */
export interface ReportingSources {
  /** participant_id, organisation_id, area, language, date_of_birth */
  participants: () => SQL;
  /** participant_id, score, recorded_at (wellbeing scale only) */
  wellbeing: () => SQL;
  /** participant_id, organisation_id, receiving_organisation_id, sent_at, answered_at */
  referrals: () => SQL;
  /** organisation_id, programme_id, survey, answers, answered_at */
  surveyAnswers: () => SQL;
  /** organisation_id, programme_id, survey, sent_at */
  surveyInvites: () => SQL;
  /** id, organisation_id, name */
  programmes: () => SQL;
}
