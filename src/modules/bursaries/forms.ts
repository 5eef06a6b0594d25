import { z } from 'zod';
import { govukDate } from '../../platform/http/dates.ts';
import { choice, listOf, orNull, strings, textField } from '../../platform/http/form-fields.ts';
import { isUuid, uuid } from '../../platform/http/zod.ts';
import { parsePounds } from './model.ts';
import { costCategories, decisionKinds, scoreCriteria } from './schema.ts';

/** Every bursaries form and route parameter as zod, fields in page order (the error summary's order). */
const E = 'bursaries.errors';

export const idParams = z.object({ id: uuid });
export const fundParams = z.object({ fundId: uuid });
export const fundMemberParams = z.object({ fundId: uuid, memberId: uuid });
export const startParams = z.object({ fundId: uuid, participantId: uuid });
export const lineParams = z.object({ id: uuid, lineId: uuid });
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

const text = textField(`${E}.tooLong`);
const yes = z
  .string()
  .optional()
  .transform((v) => v === 'yes');
const money = (message: string) =>
  text(20, message).transform((v, ctx) => {
    const p = parsePounds(v);
    if (p === null) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return p;
  });
const uuids = strings.transform((v) => [...new Set(v.filter(isUuid))]);
const optionalUuid = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'string' && v.trim() ? v.trim() : null))
  .refine((v) => v === null || isUuid(v), `${E}.choose`);

export const fundForm = z
  .object({
    name: text(200, `${E}.fundName`),
    funderOrganisationId: optionalUuid,
    funderName: text(200).transform(orNull),
    budget: money(`${E}.budget`),
    maxAward: money(`${E}.maxAward`).refine((p) => p > 0, `${E}.maxAward`),
    eligibleCategories: listOf(costCategories).refine((v) => v.length > 0, `${E}.categories`),
    eligibleProgrammeIds: uuids,
    menteesMayApply: yes,
    alumnaeMayApply: yes,
    othersMayApply: yes,
    criteria: listOf(scoreCriteria).refine((v) => v.length > 0, `${E}.criteria`),
    startWindowMonths: z.preprocess(
      (v) => (typeof v === 'string' && /^\s*\d{1,3}\s*$/.test(v) ? Number(v) : v),
      z
        .number({ error: `${E}.window` })
        .int(`${E}.window`)
        .min(1, `${E}.window`)
        .max(36, `${E}.window`),
    ),
    opensOn: govukDate({ required: true, messages: { invalid: `${E}.date` } }).pipe(z.string()),
    closesOn: govukDate({ messages: { invalid: `${E}.date` } }),
  })
  .refine((f) => f.funderOrganisationId || f.funderName, { message: `${E}.funder`, path: ['funderName'] })
  .refine((f) => !f.closesOn || f.closesOn >= f.opensOn, {
    message: `${E}.closesBeforeOpens`,
    path: ['closesOn'],
  });

export const panelForm = z.object({
  userId: z.unknown().refine(isUuid, `${E}.panelMember`).pipe(z.string()),
});

export const applicationForm = z.object({
  course: text(300, `${E}.course`),
  provider: text(300, `${E}.provider`),
  plannedStartOn: govukDate({ messages: { invalid: `${E}.date` } }),
  aspiration: text(4000).transform(orNull),
  planGoalIds: uuids,
  menteeId: optionalUuid,
  lang: text(10, `${E}.lang`),
});

export const lineForm = z.object({
  category: choice(costCategories, `${E}.category`),
  description: text(300).transform(orNull),
  amount: money(`${E}.amount`),
  evidence: text(1000).transform(orNull),
});

export const submitForm = z.object({
  consentNow: z
    .preprocess((v) => (v === '' ? undefined : v), z.enum(['verbal', 'written']).optional())
    .transform((v) => v ?? null),
});

export const inviteForm = z.object({
  on: govukDate({
    required: true,
    notPast: true,
    messages: { invalid: `${E}.date`, past: `${E}.datePast` },
  }).pipe(z.string()),
  time: text(5, `${E}.time`).refine((v) => /^([01]?\d|2[0-3]):[0-5]\d$/.test(v), `${E}.time`),
  place: text(300, `${E}.place`),
});

export const bookForm = z.object({ slotId: z.unknown().refine(isUuid, `${E}.slot`).pipe(z.string()) });

export const interviewForm = z.object({
  heldOn: govukDate({
    required: true,
    notFuture: true,
    messages: { invalid: `${E}.date`, future: `${E}.dateFuture` },
  }).pipe(z.string()),
  interviewers: text(300, `${E}.interviewers`),
  notes: text(4000).transform(orNull),
});

export const declareForm = z.object({
  conflicted: choice(['yes', 'no'] as const, `${E}.conflicted`).transform((v) => v === 'yes'),
  note: text(1000).transform(orNull),
});

/** One select per published criterion: "0".."5" or "na" (not applicable). */
export const scoreForm = z.record(z.string(), z.unknown()).transform((body, ctx) => {
  const out: Partial<Record<(typeof scoreCriteria)[number], number | null>> = {};
  for (const c of scoreCriteria) {
    const v = body[c];
    if (v === undefined || v === '') continue;
    if (v === 'na') out[c] = null;
    else if (typeof v === 'string' && /^[0-5]$/.test(v)) out[c] = Number(v);
    else ctx.addIssue({ code: 'custom', message: `${E}.score`, path: [c] });
  }
  return out;
});

/** The decision form; a part award posts each line's amount as `line-<id>`. */
export const decisionForm = z.record(z.string(), z.unknown()).transform((body, ctx) => {
  const kind = decisionKinds.find((k) => k === body.kind);
  if (!kind) {
    ctx.addIssue({ code: 'custom', message: `${E}.kind`, path: ['kind'] });
    return z.NEVER;
  }
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const reason = str(body.reason).slice(0, 4000) || null;
  const conditions = str(body.conditions).slice(0, 4000) || null;
  const awarded: Record<string, number> = {};
  if (kind === 'part')
    for (const [k, v] of Object.entries(body)) {
      const id = k.startsWith('line-') ? k.slice(5) : null;
      if (!id || !isUuid(id)) continue;
      const p = parsePounds(str(v) || '0');
      if (p === null) ctx.addIssue({ code: 'custom', message: `${E}.lineAward`, path: [k] });
      else awarded[id] = p;
    }
  return { kind, reason, conditions, awarded };
});
