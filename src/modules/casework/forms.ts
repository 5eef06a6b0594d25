import { z } from 'zod';
import { govukDate } from '../../platform/http/dates.ts';
import { choice, listOf, orNull, strings, textField } from '../../platform/http/form-fields.ts';
import { uuid } from '../../platform/http/zod.ts';
import { browseQuery } from '../directory/index.ts';
import { needDomains } from './assessment.ts';
import { referralSections } from './referrals.ts';
import { contactKinds, goalStatuses, referralStatuses, stepOwners } from './schema.ts';

/**
 * Every casework form and route parameter as zod: posted fields in, typed service input out, with a
 * translation key per field error (parseForm in platform/http/forms.ts). Fields are listed in page
 * order, so the error summary lists them in that order too.
 */
const E = 'casework.errors';

/** `/:id` is her record; `/:rid` one of her casework records (contact, goal, referral, session). */
export const idParams = z.object({ id: uuid });
export const ridParams = z.object({ rid: uuid });

const text = textField(`${E}.tooLong`);
const list = listOf;

export const contactForm = z.object({
  kind: choice(contactKinds, `${E}.kind`),
  happenedOn: govukDate({
    required: true,
    notFuture: true,
    messages: { invalid: `${E}.date`, future: `${E}.future` },
  }).pipe(z.string()),
  notes: text(10_000).transform(orNull),
  restricted: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
  nextContactOn: govukDate({ messages: { invalid: `${E}.date` } }),
});

export const goalForm = z.object({
  goal: text(1000, `${E}.goal`),
  domains: list(needDomains),
});

export const stepForm = z.object({
  step: text(1000, `${E}.step`),
  owner: choice(stepOwners, `${E}.owner`),
  dueOn: govukDate({ messages: { invalid: `${E}.date` } }),
});

export const reviewForm = z.object({
  nextReviewOn: govukDate({ notPast: true, messages: { invalid: `${E}.nextReview` } }),
});

export const progressForm = z.object({
  status: choice(goalStatuses, `${E}.choose`),
  done: strings,
});

export const referralForm = z.object({
  serviceId: text(100),
  sections: list(referralSections).refine((s) => s.length > 0, `${E}.sections`),
  note: text(2000).transform(orNull),
  agreed: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
  again: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
});

export const moveForm = z.object({
  to: z.enum(referralStatuses, { error: `${E}.status` }),
  reason: text(500).transform(orNull),
});

/** `?q=` of the referral search, `?serviceId=` of the chosen service, `?show=` of the inbox. */
/** The referral picker: the directory's staff search (words, area, need, uses Wayfinder), then her choice. */
export const referralQuery = browseQuery.extend({
  serviceId: z.string().optional().catch(undefined),
});
export const inboxQuery = z.object({ show: z.string().optional().catch(undefined) });
export const searchQuery = z.object({ q: z.string().optional().catch(undefined) });
