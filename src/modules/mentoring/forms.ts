import { z } from 'zod';
import { govukDate } from '../../platform/http/dates.ts';
import { choice, listOf, orNull, strings, textField } from '../../platform/http/form-fields.ts';
import { isUuid, uuid } from '../../platform/http/zod.ts';
import {
  cohortStatuses,
  dbsLevels,
  dbsOutcomes,
  meetingModes,
  menteeSharedFields,
  programmeKinds,
  reviewKinds,
  surveyKinds,
  trainingModules,
} from './schema.ts';

/** Every mentoring form and route parameter as zod, fields in page order (the error summary's order). */
const E = 'mentoring.errors';

export const idParams = z.object({ id: uuid });
export const concernParams = z.object({ id: uuid, cid: uuid });

const text = textField(`${E}.tooLong`);
const list = listOf;
/** A comma-separated list typed in one box ("finance, law"), trimmed, lower case, at most 20. */
const commaList = text(1000).transform((v) =>
  v
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .slice(0, 20),
);
const whole = (min: number, max: number, message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d{1,4}\s*$/.test(v) ? Number(v) : v),
    z.number({ error: message }).int(message).min(min, message).max(max, message),
  );
const yes = z
  .string()
  .optional()
  .transform((v) => v === 'yes');

/** Days and parts of the day a person can meet: mon-am ... sun-eve. */
export const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const dayParts = ['am', 'pm', 'eve'] as const;
export const slots = days.flatMap((d) => dayParts.map((p) => `${d}-${p}`)) as [string, ...string[]];

export const applicationForm = z.object({
  programmeId: z.unknown().refine(isUuid, `${E}.programme`),
  name: text(200, `${E}.name`),
  email: text(320, `${E}.email`).pipe(z.email(`${E}.email`)),
  employer: text(200).transform(orNull),
  sectors: commaList,
  skills: commaList,
  languages: commaList.refine((v) => v.length > 0, `${E}.languages`),
  availability: list(slots).refine((v) => v.length > 0, `${E}.availability`),
  mode: choice(meetingModes, `${E}.mode`),
  place: text(200).transform(orNull),
  capacity: whole(1, 3, `${E}.capacity`),
  motivation: text(4000).transform(orNull),
  referee1: text(200, `${E}.referee`),
  referee1Relationship: text(200, `${E}.refereeRelationship`),
  referee2: text(200).transform(orNull),
  referee2Relationship: text(200).transform(orNull),
});

export const programmeForm = z.object({
  name: text(200, `${E}.programmeName`),
  kind: choice(programmeKinds, `${E}.kind`),
  lengthMonths: whole(1, 24, `${E}.lengthMonths`),
  meetingExpectations: text(2000).transform(orNull),
  surveys: list(surveyKinds),
});

export const cohortForm = z
  .object({
    name: text(200, `${E}.cohortName`),
    startsOn: govukDate({ required: true, messages: { invalid: `${E}.date` } }).pipe(z.string()),
    endsOn: govukDate({ required: true, messages: { invalid: `${E}.date` } }).pipe(z.string()),
    capacity: whole(1, 5000, `${E}.capacity`),
  })
  .refine((c) => c.endsOn > c.startsOn, { message: `${E}.endsBeforeStart`, path: ['endsOn'] });

export const statusForm = z.object({ status: choice(cohortStatuses, `${E}.choose`) });

export const recruitmentForm = z.object({
  referencesReceived: yes,
  screenedOn: govukDate({ notFuture: true, messages: { invalid: `${E}.date` } }),
  screeningNotes: text(4000).transform(orNull),
  dbsLevel: z
    .preprocess((v) => (v === '' ? undefined : v), z.enum(dbsLevels, { error: `${E}.choose` }).optional())
    .transform((v) => v ?? null),
  dbsOutcome: z
    .preprocess((v) => (v === '' ? undefined : v), z.enum(dbsOutcomes, { error: `${E}.choose` }).optional())
    .transform((v) => v ?? null),
  dbsCertificateNumber: text(20)
    .refine((v) => v === '' || /^\d{12}$/.test(v.replace(/\s/g, '')), `${E}.dbsNumber`)
    .transform((v) => orNull(v.replace(/\s/g, ''))),
  dbsIssuedOn: govukDate({ notFuture: true, messages: { invalid: `${E}.date` } }),
  trainingDone: list(trainingModules),
});

export const decisionForm = z.object({ decision: choice(['approved', 'declined'] as const, `${E}.choose`) });
export const noteForm = z.object({ note: text(4000, `${E}.note`) });

export const enrolForm = z.object({
  cohortId: z.unknown().refine(isUuid, `${E}.cohort`),
  consentNow: z
    .preprocess((v) => (v === '' ? undefined : v), z.enum(['verbal', 'written']).optional())
    .transform((v) => v ?? null),
  sharedFields: list(menteeSharedFields).refine((v) => v.includes('chosen_name'), `${E}.chosenNameShared`),
  chosenName: text(200, `${E}.chosenName`),
  languages: commaList.refine((v) => v.length > 0, `${E}.languages`),
  availability: list(slots),
  goals: text(4000).transform(orNull),
  planGoalIds: strings.transform((v) => v.filter(isUuid)),
  aspirations: commaList,
  goalSkills: commaList,
  interpreterAvailable: yes,
  mode: choice(meetingModes, `${E}.mode`),
});

export const weightsForm = z.object({
  aspiration: whole(0, 10, `${E}.weight`),
  skills: whole(0, 10, `${E}.weight`),
  language: whole(0, 10, `${E}.weight`),
  availability: whole(0, 10, `${E}.weight`),
  distance: whole(0, 10, `${E}.weight`),
  capacity: whole(0, 10, `${E}.weight`),
});

export const sessionForm = z.object({
  heldOn: govukDate({
    required: true,
    notFuture: true,
    messages: { invalid: `${E}.date`, future: `${E}.future` },
  }).pipe(z.string()),
  mode: choice(['online', 'in_person'] as const, `${E}.mode`),
  minutes: whole(5, 600, `${E}.minutes`),
  covered: text(4000).transform(orNull),
  goalProgress: text(4000).transform(orNull),
  nextMeetingOn: govukDate({ notPast: true, messages: { invalid: `${E}.date`, past: `${E}.past` } }),
  worrying: text(4000).transform(orNull),
});

export const repairRequestForm = z.object({ reason: text(2000, `${E}.repairReason`) });
export const herRepairForm = z.object({
  pairId: z.unknown().refine(isUuid, `${E}.choose`),
  reason: text(2000, `${E}.repairReason`),
});

export const reviewForm = z.object({
  kind: choice(reviewKinds, `${E}.choose`),
  heldOn: govukDate({
    required: true,
    notFuture: true,
    messages: { invalid: `${E}.date`, future: `${E}.future` },
  }).pipe(z.string()),
  notes: text(4000).transform(orNull),
});

export const closeForm = z.object({
  reason: choice(['completed', 'ended_early'] as const, `${E}.choose`),
  note: text(2000).transform(orNull),
  endedBadly: yes,
  alumna: yes,
  reverseMentor: yes,
});

export const leaderForm = z.object({
  name: text(200, `${E}.name`),
  email: text(320, `${E}.email`).pipe(z.string().email(`${E}.email`)),
  employer: text(200, `${E}.employer`),
});

export const inviteForm = z.object({
  menteeIds: strings.transform((v) => v.filter(isUuid)).refine((v) => v.length > 0, `${E}.chooseAlumnae`),
  event: text(200, `${E}.event`),
  on: govukDate({
    required: true,
    notPast: true,
    messages: { invalid: `${E}.date`, past: `${E}.past` },
  }).pipe(z.string()),
});

/** One answer from 1 to 5 for each of a survey's questions. */
export const surveyAnswers = (questions: readonly string[]) =>
  z.object(Object.fromEntries(questions.map((q) => [q, whole(1, 5, `${E}.answer`)])));

/** `/survey/:token`: a single-use link's token (checked against its hash by the service). */
export const tokenParams = z.object({ token: z.string().max(100) });

/** A leader logs a session with their alumna mentor (no "something worrying": she is not mentored here). */
export const leaderSessionForm = sessionForm.pick({
  heldOn: true,
  mode: true,
  minutes: true,
  covered: true,
  nextMeetingOn: true,
});

/** The manager pairs a leader with an alumna of the reverse pool. */
export const alumnaForm = z.object({ alumna: z.unknown().refine(isUuid, `${E}.chooseAlumna`) });

/** Erasing a leader cannot be undone: the manager confirms it. */
export const eraseLeaderForm = z.object({ confirm: z.literal('yes', `${E}.confirmErase`) });
