import { sql } from 'drizzle-orm';
import {
  mentoringCohorts,
  mentoringPairs,
  mentoringProgrammes,
  mentoringSurveyAnswers,
  mentoringSurveyLinks,
} from './schema.ts';

/**
 * Mentoring's rows for the outcomes indicators, as SQL subqueries (aggregate use only; the answers
 * carry no person, surveys.ts):
 * - `surveyAnswers`: organisation_id, programme_id, survey, answers (question -> 1..5), answered_at;
 * - `surveyInvites`: every survey link sent to a mentee or mentor (organisation_id, programme_id,
 *   survey, sent_at): the base of the response rate;
 * - `programmes`: id, organisation_id, name.
 */
export const mentoringReportingSql = {
  surveyAnswers: () => sql`(
    select a.organisation_id, c.programme_id, a.survey, a.answers, a.answered_at
    from ${mentoringSurveyAnswers} a join ${mentoringCohorts} c on c.id = a.cohort_id)`,
  surveyInvites: () => sql`(
    select l.organisation_id, c.programme_id, l.survey, l.created_at as sent_at
    from ${mentoringSurveyLinks} l
    join ${mentoringPairs} p on p.id = l.pair_id
    join ${mentoringCohorts} c on c.id = p.cohort_id)`,
  programmes: () => sql`(select id, organisation_id, name from ${mentoringProgrammes})`,
};
